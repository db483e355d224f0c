package io.consulfactory.snapshot;

import com.amazonaws.services.lambda.runtime.Context;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.aws.SnapStartPriming;
import io.consulfactory.lambda.JsonHandler;

/**
 * Lambda doorway of {@link RestoreSnapshot}: {@code {"clusterName", "snapshotBucket", "key"}} in (the plan's
 * {@code restore.key}), a {@link SnapshotStatus} out whose {@code requestId} is the key the servers restore.
 */
public final class RestoreSnapshotHandler extends JsonHandler<RestoreSnapshotHandler.Input, SnapshotStatus> {

    public record Input(String clusterName, String snapshotBucket, String key) {
    }

    private final RestoreSnapshot step;

    public RestoreSnapshotHandler() {
        this(new RestoreSnapshot(new ClusterServers(AwsClients.ec2(), AwsClients.autoScaling()), AwsClients.s3()));
        primeBeforeSnapshot(SnapStartPriming.autoScalingDescribeGroups());
    }

    RestoreSnapshotHandler(RestoreSnapshot step) {
        super(Input.class);
        this.step = step;
    }

    @Override
    protected SnapshotStatus handle(Input input, Context context) {
        if (input.snapshotBucket() == null || input.key() == null) {
            throw new IllegalArgumentException("the event needs snapshotBucket and key: the state machine passes ${SnapshotBucket}"
                    + " and $.changePlan.restore.key");
        }
        return step.restore(input.clusterName(), input.snapshotBucket(), input.key());
    }
}
