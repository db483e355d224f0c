package io.consulfactory.snapshot;

import io.consulfactory.lambda.PollState;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;

/**
 * Asks a running cluster for a snapshot now (a teardown's final one, or one before a change): tags every in-service
 * server with {@code consul-snapshot-request=<new id>}. The leader's status timer sees an id it has not answered,
 * saves and uploads a snapshot and prints {@code CONSUL_SNAPSHOT request=<id> …}, which {@link CheckSnapshot} reads.
 * Run again with the same pending request (a retry), it tags the same id again: one snapshot per request.
 */
public final class RequestSnapshot {

    public static final String TAG = "consul-snapshot-request";
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final ClusterServers servers;
    private final SecureRandom random;

    RequestSnapshot(ClusterServers servers, SecureRandom random) {
        this.servers = servers;
        this.random = random;
    }

    /** @param previous a pending request of an earlier run of this step (a retry), or {@code null} */
    public SnapshotStatus request(String clusterName, SnapshotStatus previous, Instant now) {
        String id = previous != null && previous.requestId() != null && previous.status() == PollState.PENDING
                ? previous.requestId() : newId(now);
        List<String> instances = servers.inService(clusterName);
        if (instances.isEmpty()) {
            return SnapshotStatus.failedAtOnce(id, "cluster " + clusterName + " has no server in service (Auto Scaling group consul-"
                    + clusterName + "): no snapshot can be taken");
        }
        servers.tag(instances, TAG, id);
        return SnapshotStatus.requested(id, "asked " + instances.size() + " servers (" + TAG + "=" + id + "); the leader answers"
                + " within 30 s");
    }

    private String newId(Instant now) {
        byte[] bytes = new byte[4];
        random.nextBytes(bytes);
        return "snap-" + ID_TIME.format(now) + "-" + HexFormat.of().formatHex(bytes);
    }
}
