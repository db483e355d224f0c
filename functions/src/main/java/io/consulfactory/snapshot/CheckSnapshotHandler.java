package io.consulfactory.snapshot;

import com.amazonaws.services.lambda.runtime.Context;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.aws.SnapStartPriming;
import io.consulfactory.lambda.JsonHandler;

/**
 * Lambda doorway of {@link CheckSnapshot}: {@code {"clusterName", "snapshotBucket", "request", "maxChecks"?}} in (request:
 * the last answer), the same shape as {@link RequestSnapshotHandler}'s out.
 */
public final class CheckSnapshotHandler extends JsonHandler<CheckSnapshotHandler.Input, SnapshotStatus> {

    /** @param maxChecks the poll loop's bound (default {@value #DEFAULT_MAX_CHECKS}) */
    public record Input(String clusterName, String snapshotBucket, SnapshotStatus request, Integer maxChecks) {
    }

    /** 45 s to the first check, then 15 s each: about 10 minutes, ample for a snapshot the leader starts within 30 s. */
    public static final int DEFAULT_MAX_CHECKS = 40;

    private final CheckSnapshot step;

    public CheckSnapshotHandler() {
        this(new CheckSnapshot(new ClusterServers(AwsClients.ec2(), AwsClients.autoScaling())));
        primeBeforeSnapshot(SnapStartPriming.autoScalingDescribeGroups());
    }

    CheckSnapshotHandler(CheckSnapshot step) {
        super(Input.class);
        this.step = step;
    }

    @Override
    protected SnapshotStatus handle(Input input, Context context) {
        return step.check(input.clusterName(), input.request(), input.maxChecks() == null ? DEFAULT_MAX_CHECKS : input.maxChecks());
    }
}
