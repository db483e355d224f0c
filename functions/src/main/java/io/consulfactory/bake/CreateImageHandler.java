package io.consulfactory.bake;

import com.amazonaws.services.lambda.runtime.Context;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.aws.SnapStartPriming;
import io.consulfactory.lambda.JsonHandler;
import io.consulfactory.spec.ClusterSpec;

/** Lambda doorway of {@link CreateImage}: {@code {spec, builder}} in, {@code $.image} out. */
public final class CreateImageHandler extends JsonHandler<CreateImageHandler.Input, Image> {

    public record Input(ClusterSpec spec, Builder builder) {
    }

    private final CreateImage step;

    public CreateImageHandler() {
        this(new CreateImage(AwsClients.ec2()));
        primeBeforeSnapshot(SnapStartPriming.ec2DescribeInstances(), SnapStartPriming.ec2DescribeImages());
    }

    CreateImageHandler(CreateImage step) {
        super(Input.class);
        this.step = step;
    }

    @Override
    protected Image handle(Input input, Context context) {
        return step.create(input.spec(), input.builder());
    }
}
