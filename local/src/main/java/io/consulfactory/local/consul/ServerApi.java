package io.consulfactory.local.consul;

/**
 * What one server's local HTTP API answers the boot script's reporter, from the model's state: the
 * endpoints the contract names (/work/contract/CONSOLE_PROTOCOL.md).
 *
 * @param running          whether the consul unit runs (else {@code journal} is its last journal line)
 * @param leader           /v1/status/leader: {@code 10.0.1.10:8300}, or empty when this server knows none
 * @param lanMembers       /v1/agent/members: the members alive as this server sees them, itself included
 * @param voter            this node is a Voter in /v1/operator/raft/configuration
 * @param serverHealthy    /v1/operator/autopilot/health: this server's Healthy
 * @param clusterHealthy   /v1/operator/autopilot/health: the cluster's Healthy
 * @param failureTolerance /v1/operator/autopilot/health: FailureTolerance
 * @param voters           the voters in the raft configuration this server has (0 without one)
 * @param minQuorum        /v1/operator/autopilot/configuration: MinQuorum (0 without a raft configuration)
 * @param statusTokenAccepted the reads the reporter makes with its status token are allowed (always, without
 *                         ACLs: it sends none); else /v1/operator/raft/configuration answers 403
 * @param securityFields   /v1/agent/self as the contract's {@code gossip=… tls=… acl=…}, or {@code null} when the
 *                         boot script is an earlier release's, which prints none
 */
record ServerApi(boolean running, String journal, String leader, int lanMembers, boolean voter, boolean serverHealthy,
                 boolean clusterHealthy, int failureTolerance, int voters, int minQuorum, boolean statusTokenAccepted,
                 String securityFields) {

    /** The contract's reason when the raft configuration read is refused (403) for the status token. */
    static final String STATUS_TOKEN_REFUSED = "ACL: the status token is not accepted yet";

    boolean leaderKnown() {
        return !leader.isEmpty();
    }
}
