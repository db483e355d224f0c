package io.consulfactory.resources;

import io.consulfactory.spec.ClusterSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules of a cluster's two security groups, from the spec. Consul's ports
 * (https://developer.hashicorp.com/consul/docs/install/ports):
 * <ul>
 *   <li>8300/tcp server RPC, 8301/tcp+udp LAN gossip, 8302/tcp+udp WAN gossip: between the servers;</li>
 *   <li>8300/tcp, 8301/tcp+udp and 8501/tcp (HTTPS API, for auto_encrypt and the API) from the client group
 *       to the servers, and LAN gossip (8301) back from the servers and among the clients: clients join the
 *       servers' LAN pool, and every member of a pool gossips with every other one;</li>
 *   <li>8501/tcp HTTPS API and 8600/tcp+udp DNS: from the allowed API CIDRs only. The plain HTTP API (8500)
 *       listens on 127.0.0.1 only, so no rule opens it;</li>
 *   <li>22/tcp: only from the SSH CIDRs, when some are given.</li>
 * </ul>
 * The servers' egress is narrowed from AWS's all-traffic default to the same Consul ports towards their peers,
 * plus HTTPS out: the EC2 API for cloud auto-join, Secrets Manager and, while baking, releases.hashicorp.com.
 * (DNS, NTP and instance metadata go to link-local AWS services that security groups do not filter.) The client
 * group's egress holds only Consul's ports: it is added to a client instance beside the instance's own groups,
 * and an instance may send whatever any of its groups allows. Nothing is open to 0.0.0.0/0 or ::/0 inbound
 * unless the spec lists that CIDR itself.
 */
public final class SecurityGroupPlan {

    /** HTTPS out to anywhere: the EC2 API endpoints and the HashiCorp release site have no fixed CIDRs. */
    static final String ANYWHERE_IPV4 = "0.0.0.0/0";

    private SecurityGroupPlan() {
    }

    /**
     * The servers' group.
     *
     * @param apiCidrs the CIDRs that may use the HTTPS API and DNS: the spec's, or the VPC's own when the
     *                 spec left them out
     */
    public static List<SecurityGroupRule> serverRules(ClusterSpec spec, List<String> apiCidrs) {
        String servers = spec.securityGroupName();
        String clients = spec.clientSecurityGroupName();
        List<SecurityGroupRule> rules = new ArrayList<>();
        for (boolean egress : new boolean[]{false, true}) {
            rules.add(group(egress, "tcp", 8300, servers, "Consul server RPC"));
            rules.add(group(egress, "tcp", 8301, servers, "Consul LAN gossip"));
            rules.add(group(egress, "udp", 8301, servers, "Consul LAN gossip"));
            rules.add(group(egress, "tcp", 8302, servers, "Consul WAN gossip"));
            rules.add(group(egress, "udp", 8302, servers, "Consul WAN gossip"));
        }
        rules.add(group(false, "tcp", 8300, clients, "Consul server RPC from clients"));
        rules.add(group(false, "tcp", 8301, clients, "Consul LAN gossip from clients"));
        rules.add(group(false, "udp", 8301, clients, "Consul LAN gossip from clients"));
        rules.add(group(false, "tcp", 8501, clients, "Consul HTTPS API from clients"));
        rules.add(group(true, "tcp", 8301, clients, "Consul LAN gossip to clients"));
        rules.add(group(true, "udp", 8301, clients, "Consul LAN gossip to clients"));
        for (String cidr : apiCidrs) {
            rules.add(cidr(false, "tcp", 8501, cidr, "Consul HTTPS API"));
            rules.add(cidr(false, "tcp", 8600, cidr, "Consul DNS"));
            rules.add(cidr(false, "udp", 8600, cidr, "Consul DNS"));
        }
        for (String cidr : spec.sshAllowedCidrs()) {
            rules.add(cidr(false, "tcp", 22, cidr, "SSH"));
        }
        rules.add(cidr(true, "tcp", 443, ANYWHERE_IPV4, "HTTPS to AWS APIs and releases.hashicorp.com"));
        return List.copyOf(rules);
    }

    /** The group Consul clients of the cluster run in: LAN gossip with the servers and each other, RPC and HTTPS to the servers. */
    public static List<SecurityGroupRule> clientRules(ClusterSpec spec) {
        String servers = spec.securityGroupName();
        String clients = spec.clientSecurityGroupName();
        List<SecurityGroupRule> rules = new ArrayList<>();
        rules.add(group(false, "tcp", 8301, servers, "Consul LAN gossip from servers"));
        rules.add(group(false, "udp", 8301, servers, "Consul LAN gossip from servers"));
        rules.add(group(false, "tcp", 8301, clients, "Consul LAN gossip"));
        rules.add(group(false, "udp", 8301, clients, "Consul LAN gossip"));
        rules.add(group(true, "tcp", 8300, servers, "Consul server RPC"));
        rules.add(group(true, "tcp", 8301, servers, "Consul LAN gossip to servers"));
        rules.add(group(true, "udp", 8301, servers, "Consul LAN gossip to servers"));
        rules.add(group(true, "tcp", 8501, servers, "Consul HTTPS API"));
        rules.add(group(true, "tcp", 8301, clients, "Consul LAN gossip"));
        rules.add(group(true, "udp", 8301, clients, "Consul LAN gossip"));
        return List.copyOf(rules);
    }

    private static SecurityGroupRule cidr(boolean egress, String protocol, int port, String cidr, String what) {
        return new SecurityGroupRule(egress, protocol, port, port, cidr, what + " " + SecurityGroupRule.OWNER_MARK);
    }

    private static SecurityGroupRule group(boolean egress, String protocol, int port, String group, String what) {
        return SecurityGroupRule.toGroup(egress, protocol, port, group, what + " " + SecurityGroupRule.OWNER_MARK);
    }
}
