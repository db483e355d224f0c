package io.consulfactory.snapshot;

import io.consulfactory.lambda.PollState;

import java.util.List;
import java.util.Optional;

/**
 * Reads the servers' consoles for the leader's answer to a restore request: {@code CONSUL_RESTORE key=<key> result=OK}
 * is READY, {@code result=FAILED … reason=<why>} FAILED with the reason, nothing yet PENDING, up to {@code maxChecks}.
 */
public final class CheckRestore {

    private final ClusterServers servers;

    CheckRestore(ClusterServers servers) {
        this.servers = servers;
    }

    public SnapshotStatus check(String clusterName, SnapshotStatus request, int maxChecks) {
        if (request == null || request.requestId() == null) {
            throw new IllegalArgumentException("the event has no request.requestId: RestoreSnapshot's output comes back as request");
        }
        if (request.status() != PollState.PENDING) {
            return request;
        }
        List<String> instances = servers.inService(clusterName);
        for (String instance : instances) {
            Optional<BackupLine> line = BackupLine.last(servers.console(instance), BackupLine.RESTORE, "key", request.requestId());
            if (line.isPresent() && line.get().failed()) {
                return request.failed("the leader " + instance + " could not restore " + request.requestId() + ": " + line.get().reason());
            }
            if (line.isPresent() && "OK".equals(line.get().fields().get("result"))) {
                return request.ready(request.requestId());
            }
        }
        if (request.checks() + 1 >= maxChecks) {
            return request.failed("no server of " + clusterName + " answered the restore of " + request.requestId() + " after "
                    + (request.checks() + 1) + " checks: does the cluster have a leader?");
        }
        return request.pending("waiting for the leader's CONSUL_RESTORE line for " + request.requestId());
    }
}
