package io.consulfactory.bake;

import com.amazonaws.services.lambda.runtime.Context;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.aws.SnapStartPriming;
import io.consulfactory.lambda.JsonHandler;

/** Lambda doorway of {@link CheckImage}: {@code {clusterName, image, imageStatus?}} in, {@code $.imageStatus} out. */
public final class CheckImageHandler extends JsonHandler<CheckImageHandler.Input, ImageStatus> {

    /**
     * @param clusterName the image's cluster: for the invocation's log line (the check needs only the image)
     * @param maxChecks   the poll loop's bound (default {@value #DEFAULT_MAX_CHECKS})
     */
    public record Input(String clusterName, Image image, ImageStatus imageStatus, Integer maxChecks) {
    }

    /** With 15 s between checks: an hour for an image that usually takes minutes. */
    public static final int DEFAULT_MAX_CHECKS = 240;

    private final CheckImage step;

    public CheckImageHandler() {
        this(new CheckImage(AwsClients.ec2()));
        primeBeforeSnapshot(SnapStartPriming.ec2DescribeImages());
    }

    CheckImageHandler(CheckImage step) {
        super(Input.class);
        this.step = step;
    }

    @Override
    protected ImageStatus handle(Input input, Context context) {
        return step.check(input.image(), input.imageStatus(),
                input.maxChecks() == null ? DEFAULT_MAX_CHECKS : input.maxChecks());
    }
}
