package io.consulfactory.cluster;

import java.util.List;

/**
 * Consul's view of the cluster as its servers last reported it on their consoles (never EC2's).
 *
 * @param leader           the leader's address as Consul names it ({@code 10.0.1.10:8300}), or {@code null}
 * @param leaderInstanceId the server that leads, when the check could tell
 * @param voters           how many voters the servers report in the Raft configuration
 * @param servers          the reporting servers' Consul node names ({@code consul-<instance id>})
 * @param failureTolerance how many servers may fail with a leader left, as autopilot computes it
 * @param minQuorum        autopilot's MinQuorum, or -1 when no status line has said it yet
 */
public record ConsulView(String leader, String leaderInstanceId, int voters, List<String> servers, int failureTolerance,
                         int minQuorum) {
}
