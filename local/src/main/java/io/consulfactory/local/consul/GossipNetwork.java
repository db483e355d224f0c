package io.consulfactory.local.consul;

import io.consulfactory.local.cloud.ec2.Ec2Hosts;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Whether two server agents can talk: serf's LAN gossip (8301, TCP and UDP) and server RPC, raft included
 * (8300, TCP) must get through the security groups both ways
 * (developer.hashicorp.com/consul/docs/install/ports), neither may be cut off by a test, and each must accept
 * the other's traffic as its gossip encryption and TLS are set ({@link SecurityRules}). Answers are cached for
 * one simulation step, so a rule changed between steps is seen at the next.
 *
 * <p>Two relations: {@link #gossips} (serf: LAN membership, failure detection, leave messages) and
 * {@link #linked} (gossip and RPC: raft, elections, replication, forwarded API reads). Simplification: links are
 * symmetric; a one-way refusal cuts both directions, as memberlist's probe/ack and raft's request/reply do.
 */
final class GossipNetwork {

    private final Ec2Hosts hosts;
    private final Set<String> blocked = new HashSet<>();
    private final Map<String, Boolean> step = new HashMap<>();
    private final Map<String, Boolean> gossipStep = new HashMap<>();

    GossipNetwork(Ec2Hosts hosts) {
        this.hosts = hosts;
    }

    void reset() {
        blocked.clear();
        newStep();
    }

    /** A new simulation step: security groups may have changed. */
    void newStep() {
        step.clear();
        gossipStep.clear();
    }

    void block(String instanceId) {
        blocked.add(instanceId);
        newStep();
    }

    void unblock(String instanceId) {
        blocked.remove(instanceId);
        newStep();
    }

    /** Whether both agents run and exchange serf's LAN gossip, both ways. */
    boolean gossips(Agent a, Agent b) {
        if (a == b) {
            return a.alive();
        }
        if (!a.alive() || !b.alive() || blocked.contains(a.instanceId) || blocked.contains(b.instanceId)) {
            return false;
        }
        return gossipStep.computeIfAbsent(key(a, b), k -> gossipOneWay(a, b) && gossipOneWay(b, a)
                && SecurityRules.gossip(a.security, b.security));
    }

    /** Whether both agents run and reach each other on every Consul server port, gossip and RPC, both ways. */
    boolean linked(Agent a, Agent b) {
        if (a == b) {
            return a.alive();
        }
        if (!gossips(a, b)) {
            return false;
        }
        return step.computeIfAbsent(key(a, b), k -> hosts.permits(a.instanceId, b.instanceId, "tcp", 8300)
                && hosts.permits(b.instanceId, a.instanceId, "tcp", 8300) && SecurityRules.rpc(a.security, b.security));
    }

    private static String key(Agent a, Agent b) {
        return a.instanceId.compareTo(b.instanceId) < 0 ? a.instanceId + b.instanceId : b.instanceId + a.instanceId;
    }

    private boolean gossipOneWay(Agent from, Agent to) {
        return hosts.permits(from.instanceId, to.instanceId, "tcp", 8301)
                && hosts.permits(from.instanceId, to.instanceId, "udp", 8301);
    }
}
