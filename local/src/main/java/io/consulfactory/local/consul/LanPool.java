package io.consulfactory.local.consul;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One serf LAN gossip pool: the members that learnt of each other through joins. A successful join merges
 * the joiner's pool with the one it reached (serf's push/pull state sync), and gossip spreads every member
 * to every other. Members stay after they fail or leave, as serf keeps failed members for its
 * reconnect_timeout (72 h for Consul servers) and left ones as tombstones.
 *
 * <p>Simplification: one membership list per pool, not one per member; who is alive is decided from the
 * agents and the network when asked, not by memberlist's probes and suspicion timeouts.
 */
final class LanPool {

    final Set<Agent> members = new LinkedHashSet<>();

    LanPool(Agent first) {
        members.add(first);
        first.pool = this;
    }

    /** Merges another pool into this one. */
    void absorb(LanPool other) {
        if (other == this) {
            return;
        }
        for (Agent member : other.members) {
            members.add(member);
            member.pool = this;
        }
        other.members.clear();
    }

    /**
     * How many members the agent's serf sees alive, itself included: those it reaches directly or through
     * other members it reaches (memberlist's indirect probes).
     */
    int aliveAsSeenBy(Agent agent, GossipNetwork network) {
        if (!agent.alive()) {
            return 0;
        }
        Set<Agent> seen = new HashSet<>(List.of(agent));
        ArrayDeque<Agent> next = new ArrayDeque<>(seen);
        while (!next.isEmpty()) {
            Agent from = next.poll();
            for (Agent member : members) {
                if (!seen.contains(member) && network.gossips(from, member)) {
                    seen.add(member);
                    next.add(member);
                }
            }
        }
        return seen.size();
    }
}
