package io.consulfactory.snapshot;

import com.amazonaws.services.lambda.runtime.Context;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.aws.SnapStartPriming;
import io.consulfactory.lambda.JsonHandler;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * Lambda doorway of {@link RequestSnapshot}: {@code {"clusterName", "snapshotBucket", "request"?}} in (request: an
 * earlier pending answer, on a retry), {@code {"status", "requestId", "key", "reason", "checks", "nextCheckSeconds"}} out.
 */
public final class RequestSnapshotHandler extends JsonHandler<RequestSnapshotHandler.Input, SnapshotStatus> {

    /** @param snapshotBucket the stack's bucket, where the leader uploads (the servers know it from their boot script) */
    public record Input(String clusterName, String snapshotBucket, SnapshotStatus request) {
    }

    private final RequestSnapshot step;

    public RequestSnapshotHandler() {
        this(new RequestSnapshot(new ClusterServers(AwsClients.ec2(), AwsClients.autoScaling()), new SecureRandom()));
        primeBeforeSnapshot(SnapStartPriming.autoScalingDescribeGroups());
    }

    RequestSnapshotHandler(RequestSnapshot step) {
        super(Input.class);
        this.step = step;
    }

    @Override
    protected SnapshotStatus handle(Input input, Context context) {
        return step.request(input.clusterName(), input.request(), Instant.now());
    }
}
