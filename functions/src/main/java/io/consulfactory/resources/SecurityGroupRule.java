package io.consulfactory.resources;

import java.util.Objects;

/**
 * One security group rule: a protocol, a port range and one peer, either a CIDR or a security group (the
 * group itself, or the cluster's other group), named by the group's name so a plan can be made before the
 * groups exist.
 *
 * @param protocol  {@code tcp}, {@code udp} or {@code -1} (all)
 * @param peerCidr  the peer CIDR, or {@code null} when the peer is a group
 * @param peerGroup the peer group's name, or {@code null} when the peer is a CIDR
 */
public record SecurityGroupRule(boolean egress, String protocol, int fromPort, int toPort, String peerCidr,
                                String peerGroup, String description) {

    /** Marks the rules the factory owns, so a later run may revoke them when the plan no longer has them. */
    public static final String OWNER_MARK = "(consul-cluster-factory)";

    public SecurityGroupRule {
        if ((peerCidr == null) == (peerGroup == null)) {
            throw new IllegalArgumentException("a rule has exactly one peer: a CIDR or a group");
        }
    }

    /** A rule whose peer is a CIDR. */
    public SecurityGroupRule(boolean egress, String protocol, int fromPort, int toPort, String peerCidr, String description) {
        this(egress, protocol, fromPort, toPort, peerCidr, null, description);
    }

    /** A rule whose peer is a security group, by name. */
    public static SecurityGroupRule toGroup(boolean egress, String protocol, int port, String peerGroup, String description) {
        return new SecurityGroupRule(egress, protocol, port, port, null, peerGroup, description);
    }

    /** The peer is a group: AWS counts such a rule against both the IPv4 and the IPv6 quota. */
    public boolean peerIsGroup() {
        return peerGroup != null;
    }

    public boolean ipv6() {
        return peerCidr != null && peerCidr.contains(":");
    }

    /** Same rule as far as AWS is concerned: descriptions don't make rules distinct. */
    public boolean sameAs(SecurityGroupRule other) {
        return egress == other.egress && protocol.equals(other.protocol) && fromPort == other.fromPort
                && toPort == other.toPort && Objects.equals(peerCidr, other.peerCidr)
                && Objects.equals(peerGroup, other.peerGroup);
    }

    public boolean ownedByFactory() {
        return description != null && description.endsWith(OWNER_MARK);
    }

    /** AWS's all-traffic egress rule that every new group starts with. */
    public boolean isAllowAll() {
        return protocol.equals("-1") && peerCidr != null && (peerCidr.equals("0.0.0.0/0") || peerCidr.equals("::/0"));
    }

    @Override
    public String toString() {
        String ports = protocol.equals("-1") ? "all" : fromPort == toPort ? protocol + "/" + fromPort
                : protocol + "/" + fromPort + "-" + toPort;
        return (egress ? "egress " : "ingress ") + ports + (egress ? " to " : " from ")
                + (peerGroup != null ? "group " + peerGroup : peerCidr);
    }
}
