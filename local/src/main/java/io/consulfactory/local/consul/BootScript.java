package io.consulfactory.local.consul;

import java.time.Instant;

/**
 * The reporting half of the servers' boot script, as the contract specifies it
 * (/work/contract/CONSOLE_PROTOCOL.md): join checks every 5 s until three pass in a row (OK) or the bound
 * passes (FAILED, with the last reason seen), then a status line every 30 s. State and the contract's rule;
 * {@link ConsulModel} asks the server's API and writes the lines.
 */
final class BootScript {

    enum Phase { CHECKING, OK, FAILED }

    final Instant started;
    Phase phase = Phase.CHECKING;
    /** The instance shut down or the server crashed: nothing more is written. */
    boolean stopped;
    Instant nextCheck;
    int passesInARow;
    String lastReason;
    Instant nextStatus;
    /**
     * Issue 15: the {@code SNAPSHOT_BUCKET} of the boot user data ({@code null} for a boot script without it, which
     * knows no snapshots), the request id and restore key this server saw last (and answered if it led), and when its next hourly
     * snapshot is due while it leads ({@code null} while it does not).
     */
    String snapshotBucket;
    String answeredSnapshotRequest;
    String answeredRestoreRequest;
    /** When this server last saved an hourly snapshot (the helper's state file {@code backup/hourly}). */
    Instant lastHourlySnapshot;

    BootScript(Instant started) {
        this.started = started;
        this.nextCheck = started;
    }

    /**
     * Why this check fails, or {@code null} when it passes: a leader is known, the raft configuration may be read
     * (with ACLs, the status token is accepted), this node is a voter, autopilot
     * says this server and the cluster are healthy, and FailureTolerance is at least floor((N-1)/2), in the
     * contract's order of reasons.
     */
    static String failure(ServerApi api, int serverCount) {
        if (!api.running()) {
            return "agent not running: " + api.journal();
        }
        if (!api.leaderKnown()) {
            return "no leader; " + api.lanMembers() + " LAN members";
        }
        if (!api.statusTokenAccepted()) {
            return ServerApi.STATUS_TOKEN_REFUSED;
        }
        if (!api.voter()) {
            return "not a voter";
        }
        if (!api.serverHealthy()) {
            return "autopilot reports this server unhealthy";
        }
        if (!api.clusterHealthy()) {
            return "autopilot reports the cluster unhealthy";
        }
        int wanted = (serverCount - 1) / 2;
        if (api.failureTolerance() < wanted) {
            return "failure tolerance " + api.failureTolerance() + " below " + wanted;
        }
        return null;
    }
}
