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
 * @param security         each running server of the cluster (by instance id): its security, never a secret
 * @param aclTokens        how many ACL tokens raft's state holds (0: the ACL system is not bootstrapped)
 * @param partitions       every direction in which a running server refuses another's gossip or RPC for their
 *                         security (a gossip key or CA mismatch, TLS or encryption enforced against a server
 *                         without it); empty when all talk
 */
public record ClusterView(String clusterName, String leaderInstanceId, String leaderAddress, List<String> voters,
                          List<String> nonVoters, int failureTolerance, int minQuorum, boolean healthy,
                          Map<String, String> kv, List<RaftPeer> raftPeers, Map<String, SecurityView> security,
                          int aclTokens, List<Partition> partitions) {

    /**
     * {@code to} refuses what {@code from} sends.
     *
     * @param layer  {@code gossip} (serf LAN, 8301) or {@code rpc} (server RPC and raft, 8300)
     * @param reason the refusal as the agent logs it, e.g. {@code x509: certificate signed by unknown authority}
     */
    public record Partition(String fromInstanceId, String toInstanceId, String layer, String reason) {
    }

    /** Whether the two servers cannot talk (either way, either layer) because of their security. */
    public boolean partitioned(String a, String b) {
        return partitions.stream().anyMatch(p -> p.fromInstanceId().equals(a) && p.toInstanceId().equals(b)
                || p.fromInstanceId().equals(b) && p.toInstanceId().equals(a));
    }

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
