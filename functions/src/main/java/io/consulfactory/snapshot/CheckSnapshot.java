package io.consulfactory.snapshot;

import io.consulfactory.lambda.PollState;

import java.util.List;
import java.util.Optional;

/**
 * Reads the servers' consoles for the leader's answer to a snapshot request: {@code CONSUL_SNAPSHOT request=<id>
 * key=<key> …} is READY with the key, {@code … result=FAILED … reason=<why>} is FAILED with the reason, nothing yet is
 * PENDING for another check in {@value SnapshotStatus#CHECK_SECONDS} s, up to {@code maxChecks}.
 */
public final class CheckSnapshot {

    private final ClusterServers servers;

    CheckSnapshot(ClusterServers servers) {
        this.servers = servers;
    }

    public SnapshotStatus check(String clusterName, SnapshotStatus request, int maxChecks) {
        if (request == null || request.requestId() == null) {
            throw new IllegalArgumentException("the event has no request.requestId: RequestSnapshot's output comes back as request");
        }
        if (request.status() != PollState.PENDING) {
            return request;
        }
        List<String> instances = servers.inService(clusterName);
        for (String instance : instances) {
            Optional<BackupLine> line = BackupLine.last(servers.console(instance), BackupLine.SNAPSHOT, "request", request.requestId());
            if (line.isPresent() && line.get().failed()) {
                return request.failed("the leader " + instance + " could not save snapshot " + request.requestId() + ": "
                        + line.get().reason());
            }
            if (line.isPresent() && line.get().fields().get("key") != null) {
                return request.ready(line.get().fields().get("key"));
            }
        }
        if (request.checks() + 1 >= maxChecks) {
            return request.failed("no server of " + clusterName + " answered snapshot request " + request.requestId() + " after "
                    + (request.checks() + 1) + " checks: does the cluster have a leader, and do its servers run a release"
                    + " with backups (the leader's status timer answers " + RequestSnapshot.TAG + ")?");
        }
        return request.pending("waiting for the leader's CONSUL_SNAPSHOT line for " + request.requestId() + " ("
                + instances.size() + " servers read)");
    }
}
