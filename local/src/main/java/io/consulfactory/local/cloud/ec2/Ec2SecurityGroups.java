package io.consulfactory.local.cloud.ec2;

import io.consulfactory.local.cloud.LocalAws;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Security groups and their rules, and the rules EC2 keeps about them (the wire is {@link Ec2SecurityGroupsWire}).
 * Rules are stored one per peer (as the newer security-group-rule API sees them); the wire groups them by protocol
 * and ports into IpPermissions on describe, as EC2 does. A new group starts with EC2's all-traffic egress rule to
 * 0.0.0.0/0; every VPC has a "default" group whose one inbound rule admits its own members
 * (https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html). Of the security group quotas
 * (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html) only the rules per group are kept
 * ({@link #RULES_PER_GROUP}); simplification: not the groups per VPC nor the groups per network interface.
 */
public final class Ec2SecurityGroups {

    /** One rule: peer is a CIDR or a group id ({@code peerIsGroup}); ports are -1 for protocol "-1". */
    record Rule(String id, boolean egress, String protocol, int fromPort, int toPort, String peer, boolean peerIsGroup,
                String description) {

        boolean sameAs(Rule o) {
            return egress == o.egress && protocol.equals(o.protocol) && fromPort == o.fromPort && toPort == o.toPort
                    && peer.equals(o.peer);
        }

        boolean ipv6() {
            return !peerIsGroup && peer.contains(":");
        }

        String describe() {
            String proto = protocol.equals("-1") ? "ALL" : protocol.toUpperCase(Locale.ROOT);
            return "peer: " + peer + ", " + proto + ", from port: " + fromPort + ", to port: " + toPort + ", ALLOW";
        }
    }

    static final class Group {
        final String id;
        final String name;
        final String description;
        final String vpcId;
        final List<Rule> rules = new ArrayList<>();

        Group(String id, String name, String description, String vpcId) {
            this.id = id;
            this.name = name;
            this.description = description;
            this.vpcId = vpcId;
        }

        String arn() {
            return "arn:aws:ec2:" + LocalAws.DEFAULT_REGION + ":" + LocalAws.ACCOUNT_ID + ":security-group/" + id;
        }
    }

    /**
     * The default quota of inbound (and of outbound) rules per group and IP family
     * (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html, "Security groups").
     */
    static final int RULES_PER_GROUP = 60;

    private final LocalAws aws;
    private final Ec2Tags tags;
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private Predicate<String> vpcExists = id -> false;
    private Predicate<String> groupInUse = id -> false;

    Ec2SecurityGroups(LocalAws aws, Ec2Tags tags) {
        this.aws = aws;
        this.tags = tags;
    }

    void wire(Predicate<String> vpcExists, Predicate<String> groupInUse) {
        this.vpcExists = vpcExists;
        this.groupInUse = groupInUse;
    }

    void reset() {
        groups.clear();
    }

    boolean exists(String groupId) {
        return groups.containsKey(groupId);
    }

    void createDefaultGroup(String vpcId) {
        Group group = add("default", "default VPC security group", vpcId);
        group.rules.add(new Rule(aws.newId("sgr"), false, "-1", -1, -1, group.id, true, null));
    }

    private Group add(String name, String description, String vpcId) {
        Group group = new Group(aws.newId("sg"), name, description, vpcId);
        group.rules.add(new Rule(aws.newId("sgr"), true, "-1", -1, -1, "0.0.0.0/0", false, null));
        groups.put(group.id, group);
        tags.register(group.id, "security-group");
        return group;
    }

    /** The group, or AWS's {@code InvalidGroupId.Malformed} / {@code InvalidGroup.NotFound}. */
    Group group(String id) {
        Group group = groups.get(id);
        if (group == null) {
            if (!id.matches("sg-[0-9a-f]{8}([0-9a-f]{9})?")) {
                throw Ec2Errors.invalidGroupIdMalformed(id);
            }
            throw Ec2Errors.invalidGroupNotFound(id);
        }
        return group;
    }

    /** The first group of that name, in any VPC, or AWS's {@code InvalidGroup.NotFound}. */
    Group named(String name) {
        return groups.values().stream().filter(g -> g.name.equals(name)).findFirst()
                .orElseThrow(() -> Ec2Errors.invalidGroupNotFound(name));
    }

    /** A group a rule names as its peer: it must exist. */
    void requirePeer(String groupId) {
        if (!groups.containsKey(groupId)) {
            throw Ec2Errors.invalidGroupNotFound(groupId);
        }
    }

    /** The id of a rule about to be made ({@code sgr-...}). */
    String newRuleId() {
        return aws.newId("sgr");
    }

    /**
     * Refuses the group CreateSecurityGroup would refuse
     * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html): an unknown VPC, a name
     * starting with {@code sg-}, a name or description over 255 characters, a name the VPC already has.
     */
    void checkNew(String name, String description, String vpcId) {
        if (!vpcExists.test(vpcId)) {
            throw Ec2Errors.invalidVpcIdNotFound(vpcId);
        }
        if (name.toLowerCase(Locale.ROOT).startsWith("sg-")) {
            throw Ec2Errors.groupNameLooksLikeAnId();
        }
        if (name.length() > 255 || description.length() > 255) {
            throw Ec2Errors.groupNameOrDescriptionTooLong();
        }
        if (groups.values().stream().anyMatch(g -> g.vpcId.equals(vpcId) && g.name.equals(name))) {
            throw Ec2Errors.invalidGroupDuplicate(name, vpcId);
        }
    }

    /** A new group (that {@link #checkNew} let through), with its all-traffic egress rule. */
    Group create(String name, String description, String vpcId) {
        return add(name, description, vpcId);
    }

    /**
     * Deletes the group. The default group cannot be deleted
     * (https://docs.aws.amazon.com/vpc/latest/userguide/deleting-security-groups.html), nor a group in use.
     */
    void delete(Group group) {
        if (group.name.equals("default")) {
            throw Ec2Errors.cannotDeleteDefaultGroup(group.id);
        }
        // DeleteSecurityGroup (API reference): "If you attempt to delete a security group that is associated with an
        // instance or network interface, is referenced by another security group in the same VPC, or has a VPC
        // association, the operation fails with DependencyViolation." An instance holds its group until it is
        // terminated (its network interface detaches then); a rule of the group itself does not count.
        boolean referenced = groups.values().stream().anyMatch(other -> other != group
                && other.rules.stream().anyMatch(r -> r.peerIsGroup && r.peer.equals(group.id)));
        if (groupInUse.test(group.id) || referenced) {
            throw Ec2Errors.dependencyViolation(group.id);
        }
        groups.remove(group.id);
        tags.forget(group.id);
    }

    /** DescribeSecurityGroups: the groups among {@code ids} and {@code names} (all when empty) the filters keep. */
    List<Group> describe(List<String> ids, List<String> names, Ec2Filters filters) {
        List<Group> found = new ArrayList<>();
        for (Group g : groups.values()) {
            if (!ids.isEmpty() && !ids.contains(g.id) || !names.isEmpty() && !names.contains(g.name)) {
                continue;
            }
            if (filters.matches(tags.of(g.id), name -> switch (name) {
                case "group-id" -> List.of(g.id);
                case "group-name" -> List.of(g.name);
                case "vpc-id" -> List.of(g.vpcId);
                case "description" -> List.of(g.description);
                case "owner-id" -> List.of(LocalAws.ACCOUNT_ID);
                default -> null;
            })) {
                found.add(g);
            }
        }
        return found;
    }

    /**
     * Adds the rules to the group, all or none: none may exist already or be asked for twice
     * (InvalidPermission.Duplicate), and the group must stay within its quota.
     */
    void authorize(Group group, boolean egress, List<Rule> requested) {
        for (Rule rule : requested) {
            if (group.rules.stream().anyMatch(rule::sameAs)) {
                throw Ec2Errors.invalidPermissionDuplicate(rule.describe());
            }
        }
        for (int i = 0; i < requested.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (requested.get(i).sameAs(requested.get(j))) {
                    throw Ec2Errors.invalidPermissionDuplicate(requested.get(i).describe());
                }
            }
        }
        requireRoom(group, egress, requested);
        group.rules.addAll(requested);
    }

    /**
     * The quota "Inbound or outbound rules per security group", 60 by default (VPC user guide, "Amazon VPC quotas",
     * https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html):
     * "enforced separately for inbound and outbound rules … In addition, this quota is enforced separately for IPv4
     * rules and IPv6 rules", each CIDR and each referenced group of a permission counting as one rule ("Security
     * group size"). Which family a rule naming a group counts against the guide does not say: here both (the
     * stricter reading). A new group's all-traffic egress rule counts like any other. Prefix lists are refused
     * before this. The error is EC2's ("RulesPerSecurityGroupLimitExceeded: The maximum number of rules per security
     * group has been reached."); simplification: the quota is not adjustable here.
     */
    private static void requireRoom(Group group, boolean egress, List<Rule> requested) {
        List<Rule> after = new ArrayList<>(group.rules.stream().filter(r -> r.egress == egress).toList());
        after.addAll(requested);
        long ipv4 = after.stream().filter(r -> r.peerIsGroup || !r.ipv6()).count();
        long ipv6 = after.stream().filter(r -> r.peerIsGroup || r.ipv6()).count();
        if (ipv4 > RULES_PER_GROUP || ipv6 > RULES_PER_GROUP) {
            throw Ec2Errors.rulesPerSecurityGroupLimitExceeded();
        }
    }

    /**
     * Revokes the rules that exist and returns those that do not: as EC2 documents, they are no error
     * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RevokeSecurityGroupIngress.html, unknownIpPermissionSet).
     */
    List<Rule> revoke(Group group, List<Rule> requested) {
        List<Rule> unknown = new ArrayList<>();
        for (Rule rule : requested) {
            if (!group.rules.removeIf(rule::sameAs)) {
                unknown.add(rule);
            }
        }
        return unknown;
    }

    /**
     * Whether traffic from one instance to another on a protocol and port gets through their security groups:
     * an egress rule of one of the sender's groups and an ingress rule of one of the receiver's groups must
     * each allow it, naming the other side by one of its groups or by a CIDR that holds its private IPv4
     * address. Groups are stateful, so replies need no rule of their own
     * (docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html). Network ACLs and routes are not
     * modelled: the local VPC lets everything else through.
     */
    boolean permits(List<String> senderGroups, String senderIp, List<String> receiverGroups, String receiverIp,
                    String protocol, int port) {
        return anyRuleAllows(senderGroups, true, protocol, port, receiverGroups, receiverIp)
                && anyRuleAllows(receiverGroups, false, protocol, port, senderGroups, senderIp);
    }

    private boolean anyRuleAllows(List<String> ownGroups, boolean egress, String protocol, int port,
                                  List<String> peerGroups, String peerIp) {
        for (String groupId : ownGroups) {
            Group group = groups.get(groupId);
            if (group == null) {
                continue;
            }
            for (Rule r : group.rules) {
                boolean protocolMatches = r.protocol.equals("-1") || r.protocol.equals(protocol);
                boolean portMatches = r.protocol.equals("-1") || r.fromPort <= port && port <= r.toPort;
                boolean peerMatches = r.peerIsGroup ? peerGroups.contains(r.peer) : !r.ipv6() && holds(r.peer, peerIp);
                if (r.egress == egress && protocolMatches && portMatches && peerMatches) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether an IPv4 CIDR holds the address. */
    private static boolean holds(String cidr, String ip) {
        int slash = cidr.indexOf('/');
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        long mask = prefix == 0 ? 0 : 0xFFFFFFFFL << (32 - prefix) & 0xFFFFFFFFL;
        return (ipv4(cidr.substring(0, slash)) & mask) == (ipv4(ip) & mask);
    }

    private static long ipv4(String dotted) {
        long value = 0;
        for (String octet : dotted.split("\\.")) {
            value = value << 8 | Integer.parseInt(octet);
        }
        return value;
    }

    String vpcOf(String groupId) {
        return group(groupId).vpcId;
    }

    String nameOf(String groupId) {
        Group group = groups.get(groupId);
        return group == null ? "" : group.name;
    }
}
