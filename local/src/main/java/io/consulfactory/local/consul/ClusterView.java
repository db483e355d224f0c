package io.consulfactory.local.consul;

import java.util.List;
import java.util.Map;

/**
 * A read-only look at one cluster (the servers tagged {@code consul-cluster=<name>}) as its raft group has it
 * now: what {@code consul operator raft list-peers}, {@code consul operator autopilot state} and the KV store
 * would show. With no raft group, no leader and empty lists.
 *
 * @param leaderAddress    {@code 10.0.1.10:8300}, or {@code null} with no leader
 * @param voters           instance ids of the voters in the raft configuration, dead ones included
 * @param nonVoters        instance ids of the non-voters in the raft configuration
 * @param failureTolerance autopilot's: healthy voters beyond the quorum
 * @param minQuorum        autopilot's MinQuorum
 * @param healthy          autopilot's Healthy for the cluster
 * @param kv               the leader's KV store (or, without a leader, the newest copy a running server holds)
 * @param raftPeers        every server in the raft configuration, dead ones included
 */
public record ClusterView(String clusterName, String leaderInstanceId, String leaderAddress, List<String> voters,
                          List<String> nonVoters, int failureTolerance, int minQuorum, boolean healthy,
                          Map<String, String> kv, List<RaftPeer> raftPeers) {

    /**
     * One server in the raft configuration.
     *
     * @param status {@code alive}, {@code failed} (serf: not reachable or its agent died) or {@code left}
     */
    public record RaftPeer(String instanceId, String node, String address, boolean voter, String status, boolean leader) {
    }

    public boolean hasLeader() {
        return leaderInstanceId != null;
    }

    /** The peers that are not alive: dead voters and non-voters autopilot has not removed yet. */
    public List<RaftPeer> deadPeers() {
        return raftPeers.stream().filter(p -> !p.status().equals("alive")).toList();
    }
}
