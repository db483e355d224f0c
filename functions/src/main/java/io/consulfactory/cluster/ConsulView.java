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
 * @param gossip           gossip encryption as every server reports it ({@code verified}, {@code on}, {@code off}), or
 *                         {@code mixed} when they differ
 * @param tls              TLS on server RPC the same way ({@code verified}: both ways and the server name checked)
 * @param acl              ACLs: the default policy ({@code deny}, {@code allow}) or {@code off}
 */
public record ConsulView(String leader, String leaderInstanceId, int voters, List<String> servers, int failureTolerance,
                         int minQuorum, String gossip, String tls, String acl) {

    ConsulView withLeaderInstance(String instanceId) {
        return new ConsulView(leader, instanceId, voters, servers, failureTolerance, minQuorum, gossip, tls, acl);
    }

    /** Whether Consul reports the cluster fully secured: gossip and TLS verified both ways, ACLs default-deny. */
    public boolean secured() {
        return "verified".equals(gossip) && "verified".equals(tls) && "deny".equals(acl);
    }
}
