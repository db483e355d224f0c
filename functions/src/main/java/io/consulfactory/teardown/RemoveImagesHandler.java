package io.consulfactory.teardown;

import com.amazonaws.services.lambda.runtime.Context;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.aws.SnapStartPriming;
import io.consulfactory.lambda.JsonHandler;

/** Lambda doorway of {@link RemoveImages}: {@code {clusterName}} in, {@code $.images} out. */
public final class RemoveImagesHandler extends JsonHandler<RemoveImagesHandler.Input, Removal> {

    public record Input(String clusterName) {
    }

    private final RemoveImages step;

    public RemoveImagesHandler() {
        this(new RemoveImages(AwsClients.ec2()));
        primeBeforeSnapshot(SnapStartPriming.ec2DescribeLaunchTemplates(), SnapStartPriming.ec2DescribeImages(),
                SnapStartPriming.ec2DescribeInstances());
    }

    RemoveImagesHandler(RemoveImages step) {
        super(Input.class);
        this.step = step;
    }

    @Override
    protected Removal handle(Input input, Context context) {
        return step.remove(input.clusterName());
    }
}
