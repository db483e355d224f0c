package io.consulfactory.bake;

import com.amazonaws.services.lambda.runtime.Context;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.aws.SnapStartPriming;
import io.consulfactory.lambda.JsonHandler;
import io.consulfactory.spec.ClusterSpec;

/** Lambda doorway of {@link CheckConsulInstall}: {@code {spec, builder, install?}} in, {@code $.install} out. */
public final class CheckConsulInstallHandler extends JsonHandler<CheckConsulInstallHandler.Input, InstallStatus> {

    /**
     * @param install   the previous check's result, absent on the first check
     * @param maxChecks the poll loop's bound (default {@value #DEFAULT_MAX_CHECKS})
     */
    public record Input(ClusterSpec spec, Builder builder, InstallStatus install, Integer maxChecks) {
    }

    /** With the state machine's 90 s first wait and at most 15 s between checks: 20 minutes for a 3-minute install. */
    public static final int DEFAULT_MAX_CHECKS = 80;

    private final CheckConsulInstall step;

    public CheckConsulInstallHandler() {
        this(new CheckConsulInstall(AwsClients.ec2()));
        primeBeforeSnapshot(SnapStartPriming.ec2DescribeInstances());
    }

    CheckConsulInstallHandler(CheckConsulInstall step) {
        super(Input.class);
        this.step = step;
    }

    @Override
    protected InstallStatus handle(Input input, Context context) {
        return step.check(input.spec(), input.builder(), input.install(),
                input.maxChecks() == null ? DEFAULT_MAX_CHECKS : input.maxChecks());
    }
}
