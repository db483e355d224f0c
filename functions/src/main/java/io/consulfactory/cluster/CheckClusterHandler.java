package io.consulfactory.cluster;

import com.amazonaws.services.lambda.runtime.Context;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.aws.SnapStartPriming;
import io.consulfactory.lambda.JsonHandler;
import io.consulfactory.launch.LaunchTemplate;
import io.consulfactory.spec.ClusterSpec;

/** Lambda doorway of {@link CheckCluster}: {@code {spec, launchTemplate, deployment, cluster?}} in, {@code $.cluster} out. */
public final class CheckClusterHandler extends JsonHandler<CheckClusterHandler.Input, ClusterStatus> {

    /** @param maxChecks the poll loop's bound (default {@value #DEFAULT_MAX_CHECKS}) */
    public record Input(ClusterSpec spec, LaunchTemplate launchTemplate, Deployment deployment, ClusterStatus cluster,
                        Integer maxChecks) {
    }

    /**
     * An hour at 15 s between checks: a 7-server rolling replacement (about 2.5 min a server through the gate)
     * plus a resize by four, with room; with the bake's bounds (20 min, 1 h) inside the execution's 4-hour
     * timeout, so a loop always ends first and the failure is cleaned up.
     */
    public static final int DEFAULT_MAX_CHECKS = 240;

    private final CheckCluster step;

    public CheckClusterHandler() {
        this(new CheckCluster(AwsClients.autoScaling(), AwsClients.ec2()));
        primeBeforeSnapshot(SnapStartPriming.autoScalingDescribeGroups(), SnapStartPriming.ec2DescribeInstances());
    }

    CheckClusterHandler(CheckCluster step) {
        super(Input.class);
        this.step = step;
    }

    @Override
    protected ClusterStatus handle(Input input, Context context) {
        return step.check(input.spec(), input.launchTemplate(), input.deployment(), input.cluster(),
                input.maxChecks() == null ? DEFAULT_MAX_CHECKS : input.maxChecks());
    }
}
