package io.consulfactory.local.consul;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The lines a server's boot script writes to the console, to the letter of the contract
 * (/work/contract/CONSOLE_PROTOCOL.md): space-separated key=value fields, {@code reason=} last, {@code at=}
 * the server's UTC time to the second, leader {@code none} when there is none. This is the model's wire:
 * what the product's Lambda reads through GetConsoleOutput.
 */
final class ConsoleLines {

    private ConsoleLines() {
    }

    /** The boot script's own line once {@code systemctl enable --now consul} returned (functions' boot.sh). */
    static String consulStarted(String node, String ip) {
        return "consul-boot: Consul started on " + node + " (" + ip + ")";
    }

    /** The boot script's line when it stops before starting Consul (its {@code die}). */
    static String bootFailed(String why) {
        return "consul-boot: FAILED: " + why;
    }

    static String joinOk(String node, ServerApi api, Instant at) {
        return "CONSUL_JOIN_RESULT=OK node=" + node + " leader=" + leader(api) + " voters=" + api.voters()
                + " failure_tolerance=" + api.failureTolerance() + security(api) + " at=" + at(at);
    }

    static String joinFailed(String node, Instant at, String reason) {
        return "CONSUL_JOIN_RESULT=FAILED node=" + node + " at=" + at(at) + " reason=" + reason;
    }

    static String status(String node, ServerApi api, Instant at) {
        return "CONSUL_STATUS node=" + node + " leader=" + leader(api) + " voters=" + api.voters()
                + " failure_tolerance=" + api.failureTolerance() + " healthy=" + api.clusterHealthy()
                + " min_quorum=" + api.minQuorum() + security(api) + " at=" + at(at);
    }

    /** Issue 15: a snapshot saved and uploaded ({@code request=hourly} for the scheduled ones). */
    static String snapshotSaved(String request, String key, long index, Instant at) {
        return "CONSUL_SNAPSHOT request=" + request + " key=" + key + " index=" + index + " at=" + at(at);
    }

    static String snapshotFailed(String request, Instant at, String reason) {
        return "CONSUL_SNAPSHOT request=" + request + " result=FAILED at=" + at(at) + " reason=" + reason;
    }

    static String restored(String key, Instant at) {
        return "CONSUL_RESTORE key=" + key + " result=OK at=" + at(at);
    }

    static String restoreFailed(String key, Instant at, String reason) {
        return "CONSUL_RESTORE key=" + key + " result=FAILED at=" + at(at) + " reason=" + reason;
    }

    /**
     * Issue 14's {@code gossip=… tls=… acl=…} before {@code at=}; nothing from an earlier release's boot script,
     * which never printed them.
     */
    private static String security(ServerApi api) {
        return api.securityFields() == null ? "" : " " + api.securityFields();
    }

    private static String leader(ServerApi api) {
        return api.leaderKnown() ? api.leader() : "none";
    }

    /** {@code date -u +%Y-%m-%dT%H:%M:%SZ} */
    static String at(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
