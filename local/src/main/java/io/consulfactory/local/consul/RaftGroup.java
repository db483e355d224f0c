package io.consulfactory.local.consul;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One raft cluster: its configuration (the peers and their suffrage), its leader, each peer's copy of the
 * replicated state (the KV store), and the autopilot state the leader keeps. State only; {@link ConsulModel}
 * and {@link Autopilot} move it.
 */
final class RaftGroup {

    /** What one peer has applied: the log index and the KV store at that index (immutable). */
    record Replica(long index, Map<String, String> kv) {

        static final Replica EMPTY = new Replica(0, Map.of());

        Replica put(String key, String value) {
            Map<String, String> next = new LinkedHashMap<>(kv);
            next.put(key, value);
            return new Replica(index + 1, java.util.Collections.unmodifiableMap(next));
        }
    }

    /** One server in the raft configuration. */
    static final class Peer {
        final Agent agent;
        boolean voter;
        Replica replica = Replica.EMPTY;
        /** Autopilot's health of the server, and since when it has had that health. */
        boolean healthy;
        Instant stableSince;

        Peer(Agent agent, boolean voter) {
            this.agent = agent;
            this.voter = voter;
        }
    }

    final int id;
    final Instant bootstrapped;
    final Map<Agent, Peer> peers = new LinkedHashMap<>();
    Agent leader;
    long term;
    /** The autopilot configuration in raft's state: the first leader's settings, then the operator API's. */
    ServerConfig.AutopilotConfig autopilot;
    /** When the current leader started autopilot (it restarts with every new leader). */
    Instant autopilotSince;
    Instant lastReconcile;
    /**
     * The ACL tokens in raft's state, by SecretID (their policies are the contract's and not modelled). Empty
     * until a leader with ACLs enabled bootstraps the ACL system.
     */
    final Set<String> aclTokens = new HashSet<>();

    RaftGroup(int id, Instant bootstrapped) {
        this.id = id;
        this.bootstrapped = bootstrapped;
    }

    Peer add(Agent agent, boolean voter) {
        Peer peer = new Peer(agent, voter);
        peers.put(agent, peer);
        agent.group = this;
        return peer;
    }

    /** The server leaves the raft configuration. */
    void remove(Agent agent) {
        if (peers.remove(agent) != null && agent.group == this) {
            agent.group = null;
        }
        if (leader == agent) {
            leader = null;
        }
    }

    Peer peer(Agent agent) {
        return peers.get(agent);
    }

    List<Peer> voters() {
        List<Peer> voters = new ArrayList<>();
        for (Peer p : peers.values()) {
            if (p.voter) {
                voters.add(p);
            }
        }
        return voters;
    }

    /**
     * Raft's quorum: (voters / 2) + 1 of the voters in the configuration, dead ones included
     * (developer.hashicorp.com/consul/docs/architecture/consensus, deployment table; raft-autopilot requiredQuorum).
     */
    int quorum() {
        return voters().size() / 2 + 1;
    }

    Replica leaderReplica() {
        return leader == null ? null : peers.get(leader).replica;
    }
}
