package io.consulfactory.snapshot;

import com.amazonaws.services.lambda.runtime.Context;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.aws.SnapStartPriming;
import io.consulfactory.lambda.JsonHandler;

/** Lambda doorway of {@link CheckRestore}: {@code {"clusterName", "snapshotBucket", "request", "maxChecks"?}} in, a {@link SnapshotStatus} out. */
public final class CheckRestoreHandler extends JsonHandler<CheckRestoreHandler.Input, SnapshotStatus> {

    public record Input(String clusterName, String snapshotBucket, SnapshotStatus request, Integer maxChecks) {
    }

    public static final int DEFAULT_MAX_CHECKS = 40;

    private final CheckRestore step;

    public CheckRestoreHandler() {
        this(new CheckRestore(new ClusterServers(AwsClients.ec2(), AwsClients.autoScaling())));
        primeBeforeSnapshot(SnapStartPriming.autoScalingDescribeGroups());
    }

    CheckRestoreHandler(CheckRestore step) {
        super(Input.class);
        this.step = step;
    }

    @Override
    protected SnapshotStatus handle(Input input, Context context) {
        return step.check(input.clusterName(), input.request(), input.maxChecks() == null ? DEFAULT_MAX_CHECKS : input.maxChecks());
    }
}
