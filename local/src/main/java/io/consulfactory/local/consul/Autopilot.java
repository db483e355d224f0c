package io.consulfactory.local.consul;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the leader's autopilot does, after hashicorp/raft-autopilot (the library Consul runs): server health
 * and failure tolerance (state.go), promotion of stable non-voters (stable_promoter.go), dead-server cleanup
 * that never goes below MinQuorum (reconcile.go). Works on a {@link RaftGroup}; keeps no state of its own.
 */
final class Autopilot {

    private final GossipNetwork network;

    Autopilot(GossipNetwork network) {
        this.network = network;
    }

    /**
     * Whether serf says the server is alive, as the leader sees it. Simplification: alive when its agent runs
     * and gossips with the leader; memberlist would also count indirect probes through other members.
     */
    boolean serfAlive(RaftGroup g, Agent a) {
        return a.alive() && g.leader != null && (a == g.leader || network.gossips(a, g.leader));
    }

    /**
     * Each server's health (raft-autopilot state.go isHealthy): nothing is healthy without a leader; a server
     * is healthy while serf says it is alive, it heard from the leader within LastContactThreshold (here:
     * raft reaches it from the leader: a server that gossips but whose RPC the leader's TLS refuses never is)
     * and trails it by no more than MaxTrailingLogs. StableSince moves when health changes.
     */
    void updateHealth(RaftGroup g, Instant now) {
        RaftGroup.Replica leading = g.leaderReplica();
        for (RaftGroup.Peer p : g.peers.values()) {
            boolean healthy = leading != null && serfAlive(g, p.agent) && network.linked(p.agent, g.leader)
                    && p.replica.index() + g.autopilot.maxTrailingLogs() >= leading.index();
            if (p.stableSince == null || p.healthy != healthy) {
                p.stableSince = now;
            }
            p.healthy = healthy;
        }
    }

    /** The cluster is healthy when every server in the raft configuration is (state.go nextStateWithInputs). */
    boolean clusterHealthy(RaftGroup g) {
        if (g.leader == null) {
            return false;
        }
        for (RaftGroup.Peer p : g.peers.values()) {
            if (!p.healthy) {
                return false;
            }
        }
        return true;
    }

    /** FailureTolerance: healthy voters beyond the quorum of all voters, or 0 (state.go). */
    int failureTolerance(RaftGroup g) {
        if (g.leader == null) {
            return 0;
        }
        int healthyVoters = 0;
        for (RaftGroup.Peer p : g.voters()) {
            if (p.healthy) {
                healthyVoters++;
            }
        }
        return Math.max(0, healthyVoters - g.quorum());
    }

    /**
     * Promotes every non-voter that has been healthy for ServerStabilizationTime (stable_promoter.go; "the
     * minimum amount of time a server must be stable in the 'healthy' state before being added to the
     * cluster", developer.hashicorp.com/consul/docs/manage/scale/autopilot), a duration ignored until autopilot
     * has run that long itself (types.go State.ServerStabilizationTime).
     */
    void promoteStableServers(RaftGroup g, Instant now) {
        Duration stabilization = g.autopilot.serverStabilizationTime();
        Duration minStable = Duration.between(g.autopilotSince, now).compareTo(stabilization) > 0 ? stabilization : Duration.ZERO;
        for (RaftGroup.Peer p : g.peers.values()) {
            if (!p.voter && p.healthy && Duration.between(p.stableSince, now).compareTo(minStable) >= 0) {
                p.voter = true;
            }
        }
    }

    /**
     * Dead-server cleanup (reconcile.go pruneDeadServers with CleanupDeadServers on): failed non-voters first,
     * then failed voters, each batch as adjudicateRemoval allows: never leaving fewer potential voters than
     * MinQuorum ("Autopilot will stop pruning dead servers when this minimum is reached",
     * developer.hashicorp.com/consul/docs/reference/agent/configuration-file/bootstrap), and never removing a
     * majority of the voters at once.
     *
     * @return the agents removed from the raft configuration
     */
    List<Agent> pruneDeadServers(RaftGroup g) {
        List<Agent> removed = new ArrayList<>();
        if (!g.autopilot.cleanupDeadServers() || g.leader == null) {
            return removed;
        }
        for (boolean voters : new boolean[]{false, true}) {
            List<RaftGroup.Peer> failed = new ArrayList<>();
            for (RaftGroup.Peer p : g.peers.values()) {
                if (p.voter == voters && !serfAlive(g, p.agent)) {
                    failed.add(p);
                }
            }
            // Every server in the configuration that serf knows is a potential voter with the stable promoter.
            int potentialVoters = g.peers.size();
            int removedPotential = 0;
            int maxRemoval = (potentialVoters - 1) / 2;
            List<Agent> batch = new ArrayList<>();
            for (RaftGroup.Peer p : failed) {
                if (potentialVoters - removedPotential - 1 < g.autopilot.minQuorum()) {
                    continue; // would leave fewer voters than MinQuorum
                }
                if (p.voter && maxRemoval < 1) {
                    continue; // removing a majority of the voters is not safe
                }
                maxRemoval--;
                removedPotential++;
                batch.add(p.agent);
            }
            batch.forEach(g::remove);
            removed.addAll(batch);
        }
        return removed;
    }
}
