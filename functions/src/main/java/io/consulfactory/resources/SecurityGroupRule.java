package io.consulfactory.resources;

/**
 * One security group rule: a protocol, a port range and one peer.
 *
 * @param protocol {@code tcp}, {@code udp} or {@code -1} (all)
 * @param peerCidr the peer CIDR, or {@code null} when the peer is the group itself
 */
public record SecurityGroupRule(boolean egress, String protocol, int fromPort, int toPort, String peerCidr,
                                String description) {

    /** Marks the rules the factory owns, so a later run may revoke them when the plan no longer has them. */
    public static final String OWNER_MARK = "(consul-cluster-factory)";

    public boolean fromGroupItself() {
        return peerCidr == null;
    }

    public boolean ipv6() {
        return peerCidr != null && peerCidr.contains(":");
    }

    /** Same rule as far as AWS is concerned: descriptions don't make rules distinct. */
    public boolean sameAs(SecurityGroupRule other) {
        return egress == other.egress && protocol.equals(other.protocol) && fromPort == other.fromPort
                && toPort == other.toPort && java.util.Objects.equals(peerCidr, other.peerCidr);
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
                + (peerCidr == null ? "the group itself" : peerCidr);
    }
}
