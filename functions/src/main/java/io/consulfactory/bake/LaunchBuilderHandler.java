package io.consulfactory.bake;

import com.amazonaws.services.lambda.runtime.Context;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.aws.SnapStartPriming;
import io.consulfactory.lambda.JsonHandler;
import io.consulfactory.resources.SupportingResources;
import io.consulfactory.spec.ClusterSpec;

/** Lambda doorway of {@link LaunchBuilder}: {@code {spec, resources, plan, execution}} in, {@code $.builder} out. */
public final class LaunchBuilderHandler extends JsonHandler<LaunchBuilderHandler.Input, Builder> {

    /** @param execution the execution's ARN ({@code $$.Execution.Id}): one builder per execution */
    public record Input(ClusterSpec spec, SupportingResources resources, BakePlan plan, String execution) {
    }

    private final LaunchBuilder step;

    public LaunchBuilderHandler() {
        this(new LaunchBuilder(AwsClients.ec2(), AwsClients.ec2().serviceClientConfiguration().region().id()));
        primeBeforeSnapshot(SnapStartPriming.ec2RunInstancesDryRun());
    }

    LaunchBuilderHandler(LaunchBuilder step) {
        super(Input.class);
        this.step = step;
    }

    @Override
    protected Builder handle(Input input, Context context) {
        return step.launch(input.spec(), input.resources(), input.plan(), input.execution());
    }
}
