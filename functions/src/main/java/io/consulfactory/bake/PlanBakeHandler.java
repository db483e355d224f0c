package io.consulfactory.bake;

import com.amazonaws.services.lambda.runtime.Context;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.aws.SnapStartPriming;
import io.consulfactory.lambda.JsonHandler;
import io.consulfactory.spec.ClusterSpec;

import java.time.Instant;

/** Lambda doorway of {@link PlanBake}: {@code {spec, now}} in, {@code $.plan} out. */
public final class PlanBakeHandler extends JsonHandler<PlanBakeHandler.Input, BakePlan> {

    /** @param now the state's entered time ({@code $$.State.EnteredTime}), ISO-8601 */
    public record Input(ClusterSpec spec, String now) {
    }

    private final PlanBake step;

    public PlanBakeHandler() {
        this(new PlanBake(AwsClients.ec2(), AwsClients.ssm(), AwsClients.ec2().serviceClientConfiguration().region().id()));
        primeBeforeSnapshot(SnapStartPriming.ssmGetUbuntuParameter(), SnapStartPriming.ec2DescribeImages());
    }

    PlanBakeHandler(PlanBake step) {
        super(Input.class);
        this.step = step;
    }

    @Override
    protected BakePlan handle(Input input, Context context) {
        return step.plan(input.spec(), input.now() == null ? Instant.now() : Instant.parse(input.now()));
    }
}
