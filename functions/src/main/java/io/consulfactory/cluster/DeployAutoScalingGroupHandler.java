package io.consulfactory.cluster;

import com.amazonaws.services.lambda.runtime.Context;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.aws.SnapStartPriming;
import io.consulfactory.lambda.JsonHandler;
import io.consulfactory.launch.LaunchTemplate;
import io.consulfactory.spec.ClusterSpec;

/** Lambda doorway of {@link DeployAutoScalingGroup}: {@code {spec, launchTemplate}} in, {@code $.deployment} out. */
public final class DeployAutoScalingGroupHandler extends JsonHandler<DeployAutoScalingGroupHandler.Input, Deployment> {

    public record Input(ClusterSpec spec, LaunchTemplate launchTemplate) {
    }

    private final DeployAutoScalingGroup step;

    public DeployAutoScalingGroupHandler() {
        this(new DeployAutoScalingGroup(AwsClients.autoScaling(), new ClusterRecord(AwsClients.ssm())));
        primeBeforeSnapshot(SnapStartPriming.autoScalingDescribeGroups(), SnapStartPriming.ssmGetClusterRecord());
    }

    DeployAutoScalingGroupHandler(DeployAutoScalingGroup step) {
        super(Input.class);
        this.step = step;
    }

    @Override
    protected Deployment handle(Input input, Context context) {
        return step.deploy(input.spec(), input.launchTemplate());
    }
}
