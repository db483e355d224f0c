package io.consulfactory.resources;

import io.consulfactory.spec.ClusterSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules of a cluster's security group, from the spec. Consul's ports
 * (https://developer.hashicorp.com/consul/docs/install/ports):
 * <ul>
 *   <li>8300/tcp server RPC, 8301/tcp+udp LAN gossip, 8302/tcp+udp WAN gossip: between the servers only;</li>
 *   <li>8500/tcp HTTP API and 8600/tcp+udp DNS: from the allowed API CIDRs only;</li>
 *   <li>22/tcp: only from the SSH CIDRs, when some are given.</li>
 * </ul>
 * Egress is narrowed from AWS's all-traffic default to the same Consul ports towards the group, plus
 * HTTPS out: the EC2 API for cloud auto-join and, while baking, releases.hashicorp.com. (DNS, NTP and
 * instance metadata go to link-local AWS services that security groups do not filter.)
 * Nothing is open to 0.0.0.0/0 or ::/0 inbound unless the spec lists that CIDR itself.
 */
public final class SecurityGroupPlan {

    /** HTTPS out to anywhere: the EC2 API endpoints and the HashiCorp release site have no fixed CIDRs. */
    static final String ANYWHERE_IPV4 = "0.0.0.0/0";

    private SecurityGroupPlan() {
    }

    /**
     * @param apiCidrs the CIDRs that may use the HTTP API and DNS: the spec's, or the VPC's own when the
     *                 spec left them out
     */
    public static List<SecurityGroupRule> rules(ClusterSpec spec, List<String> apiCidrs) {
        List<SecurityGroupRule> rules = new ArrayList<>();
        for (boolean egress : new boolean[]{false, true}) {
            rules.add(rule(egress, "tcp", 8300, null, "Consul server RPC"));
            rules.add(rule(egress, "tcp", 8301, null, "Consul LAN gossip"));
            rules.add(rule(egress, "udp", 8301, null, "Consul LAN gossip"));
            rules.add(rule(egress, "tcp", 8302, null, "Consul WAN gossip"));
            rules.add(rule(egress, "udp", 8302, null, "Consul WAN gossip"));
        }
        for (String cidr : apiCidrs) {
            rules.add(rule(false, "tcp", 8500, cidr, "Consul HTTP API"));
            rules.add(rule(false, "tcp", 8600, cidr, "Consul DNS"));
            rules.add(rule(false, "udp", 8600, cidr, "Consul DNS"));
        }
        for (String cidr : spec.sshAllowedCidrs()) {
            rules.add(rule(false, "tcp", 22, cidr, "SSH"));
        }
        rules.add(rule(true, "tcp", 443, ANYWHERE_IPV4, "HTTPS to the EC2 API and releases.hashicorp.com"));
        return List.copyOf(rules);
    }

    private static SecurityGroupRule rule(boolean egress, String protocol, int port, String cidr, String what) {
        return new SecurityGroupRule(egress, protocol, port, port, cidr, what + " " + SecurityGroupRule.OWNER_MARK);
    }
}
