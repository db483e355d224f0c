package io.consulfactory.local.consul;

import io.consulfactory.local.cloud.ec2.Ec2Hosts;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Whether two server agents can talk: serf's LAN gossip (8301, TCP and UDP) and server RPC, raft included
 * (8300, TCP) must get through the security groups both ways
 * (developer.hashicorp.com/consul/docs/install/ports), and neither may be cut off by a test. Answers are
 * cached for one simulation step, so a rule changed between steps is seen at the next.
 */
final class GossipNetwork {

    private final Ec2Hosts hosts;
    private final Set<String> blocked = new HashSet<>();
    private final Map<String, Boolean> step = new HashMap<>();

    GossipNetwork(Ec2Hosts hosts) {
        this.hosts = hosts;
    }

    void reset() {
        blocked.clear();
        step.clear();
    }

    /** A new simulation step: security groups may have changed. */
    void newStep() {
        step.clear();
    }

    void block(String instanceId) {
        blocked.add(instanceId);
        step.clear();
    }

    void unblock(String instanceId) {
        blocked.remove(instanceId);
        step.clear();
    }

    /** Whether both agents run and can reach each other on every Consul server port, both ways. */
    boolean linked(Agent a, Agent b) {
        if (a == b) {
            return a.alive();
        }
        if (!a.alive() || !b.alive() || blocked.contains(a.instanceId) || blocked.contains(b.instanceId)) {
            return false;
        }
        String key = a.instanceId.compareTo(b.instanceId) < 0 ? a.instanceId + b.instanceId : b.instanceId + a.instanceId;
        return step.computeIfAbsent(key, k -> oneWay(a, b) && oneWay(b, a));
    }

    private boolean oneWay(Agent from, Agent to) {
        return hosts.permits(from.instanceId, to.instanceId, "tcp", 8301)
                && hosts.permits(from.instanceId, to.instanceId, "udp", 8301)
                && hosts.permits(from.instanceId, to.instanceId, "tcp", 8300);
    }
}
