package io.consulfactory.cluster;

import com.amazonaws.services.lambda.runtime.Context;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.lambda.JsonHandler;
import io.consulfactory.launch.LaunchTemplate;
import io.consulfactory.spec.ClusterSpec;

/** Lambda doorway of {@link CheckCluster}: {@code {spec, launchTemplate, deployment, cluster?}} in, {@code $.cluster} out. */
public final class CheckClusterHandler extends JsonHandler<CheckClusterHandler.Input, ClusterStatus> {

    /** @param maxChecks the poll loop's bound (default {@value #DEFAULT_MAX_CHECKS}) */
    public record Input(ClusterSpec spec, LaunchTemplate launchTemplate, Deployment deployment, ClusterStatus cluster,
                        Integer maxChecks) {
    }

    /** With 30 s between checks: 90 minutes, enough for a 7-server rolling replacement. */
    public static final int DEFAULT_MAX_CHECKS = 180;

    private final CheckCluster step;

    public CheckClusterHandler() {
        this(new CheckCluster(AwsClients.autoScaling()));
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
