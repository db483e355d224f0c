package io.consulfactory.local.cloud.ec2;

import io.consulfactory.local.cloud.AwsError;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.QueryParams;
import io.consulfactory.local.cloud.Xml;
import io.consulfactory.spec.Cidr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static io.consulfactory.local.cloud.Xml.el;
import static io.consulfactory.local.cloud.Xml.node;

/**
 * Security groups and their rules. Rules are stored one per peer (as the newer security-group-rule API
 * sees them) and grouped by protocol and ports into IpPermissions on describe, as EC2 does.
 * A new group starts with EC2's all-traffic egress rule to 0.0.0.0/0; every VPC has a "default" group.
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

    /** The default quota of inbound (and of outbound) rules per group and IP family. */
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

    Object create(QueryParams p) {
        String name = p.required("GroupName");
        String description = p.required("GroupDescription");
        String vpcId = p.required("VpcId");
        if (!vpcExists.test(vpcId)) {
            throw AwsError.client("InvalidVpcID.NotFound", "The vpc ID '" + vpcId + "' does not exist");
        }
        if (name.toLowerCase(Locale.ROOT).startsWith("sg-")) {
            throw AwsError.client("InvalidParameterValue", "Group names may not be in the format sg-*.");
        }
        if (name.length() > 255 || description.length() > 255) {
            throw AwsError.client("InvalidParameterValue", "Group name and description are limited to 255 characters.");
        }
        if (groups.values().stream().anyMatch(g -> g.vpcId.equals(vpcId) && g.name.equals(name))) {
            throw AwsError.client("InvalidGroup.Duplicate", "The security group '" + name + "' already exists for VPC '" + vpcId + "'");
        }
        Ec2Tags.requireSpecificationTypes(p, Set.of("security-group"));
        Group group = add(name, description, vpcId);
        tags.of(group.id).putAll(Ec2Tags.fromSpecifications(p, "security-group"));
        return List.of(el("return", true), el("groupId", group.id), Xml.ec2Tags("tagSet", tags.of(group.id)),
                el("securityGroupArn", group.arn()));
    }

    Object delete(QueryParams p) {
        Group group = p.has("GroupId") ? group(p.get("GroupId")) : groups.values().stream()
                .filter(g -> g.name.equals(p.required("GroupName"))).findFirst()
                .orElseThrow(() -> AwsError.client("InvalidGroup.NotFound", "The security group '" + p.get("GroupName") + "' does not exist"));
        if (group.name.equals("default")) {
            throw AwsError.client("CannotDelete", "the specified group: \"" + group.id + "\" name: \"default\" cannot be deleted by a user");
        }
        // DeleteSecurityGroup (API reference): "If you attempt to delete a security group that is associated with an
        // instance or network interface, is referenced by another security group in the same VPC, or has a VPC
        // association, the operation fails with DependencyViolation." An instance holds its group until it is
        // terminated (its network interface detaches then); a rule of the group itself does not count.
        boolean referenced = groups.values().stream().anyMatch(other -> other != group
                && other.rules.stream().anyMatch(r -> r.peerIsGroup && r.peer.equals(group.id)));
        if (groupInUse.test(group.id) || referenced) {
            throw AwsError.client("DependencyViolation", "resource " + group.id + " has a dependent object");
        }
        groups.remove(group.id);
        tags.forget(group.id);
        return el("return", true);
    }

    Object describe(QueryParams p) {
        List<String> ids = p.strings("GroupId");
        List<String> names = p.strings("GroupName");
        ids.forEach(this::group);
        Ec2Filters filters = Ec2Filters.parse(p);
        List<Xml> items = new ArrayList<>();
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
                items.add(groupXml(g));
            }
        }
        return node("securityGroupInfo", items);
    }

    Object authorize(QueryParams p, boolean egress) {
        Group group = group(p.required("GroupId"));
        List<Rule> requested = rules(p, group, egress);
        for (Rule rule : requested) {
            if (group.rules.stream().anyMatch(rule::sameAs)) {
                throw AwsError.client("InvalidPermission.Duplicate", "the specified rule \"" + rule.describe() + "\" already exists");
            }
        }
        for (int i = 0; i < requested.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (requested.get(i).sameAs(requested.get(j))) {
                    throw AwsError.client("InvalidPermission.Duplicate", "the specified rule \""
                            + requested.get(i).describe() + "\" already exists");
                }
            }
        }
        requireRoom(group, egress, requested);
        group.rules.addAll(requested);
        List<Xml> made = requested.stream().map(r -> ruleXml(group, r)).toList();
        return List.of(el("return", true), node("securityGroupRuleSet", made));
    }

    /**
     * The quota "Inbound or outbound rules per security group", 60 by default (VPC user guide, "Amazon VPC quotas"):
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
            throw AwsError.client("RulesPerSecurityGroupLimitExceeded", "The maximum number of rules per security group has been reached.");
        }
    }

    /**
     * Revokes the rules that exist. As EC2 documents, rules that do not exist are no error: they come
     * back in {@code unknownIpPermissionSet}.
     */
    Object revoke(QueryParams p, boolean egress) {
        Group group = group(p.required("GroupId"));
        List<Rule> requested = rules(p, group, egress);
        List<Rule> unknown = new ArrayList<>();
        for (Rule rule : requested) {
            if (!group.rules.removeIf(rule::sameAs)) {
                unknown.add(rule);
            }
        }
        List<Xml> result = new ArrayList<>(List.of(el("return", true)));
        if (!unknown.isEmpty()) {
            result.add(permissions("unknownIpPermissionSet", group, unknown));
        }
        return result;
    }

    private List<Rule> rules(QueryParams p, Group group, boolean egress) {
        List<Rule> rules = new ArrayList<>();
        List<QueryParams> permissions = p.list("IpPermissions");
        if (permissions.isEmpty()) {
            throw AwsError.client("MissingParameter", "No IpPermissions given");
        }
        for (QueryParams perm : permissions) {
            String protocol = protocol(perm.required("IpProtocol"));
            int from = -1;
            int to = -1;
            if (!protocol.equals("-1")) {
                Integer f = perm.integer("FromPort");
                Integer t = perm.integer("ToPort");
                if (f == null || t == null) {
                    throw AwsError.client("InvalidParameterValue", "Invalid value for portRange. Must specify both from and to ports with TCP/UDP.");
                }
                if (protocol.matches("tcp|udp") && (f < 0 || t > 65535 || f > t)) {
                    throw AwsError.client("InvalidParameterValue", "Invalid value for portRange. from port " + f + " to port " + t);
                }
                from = f;
                to = t;
            }
            for (QueryParams range : perm.list("IpRanges")) {
                rules.add(new Rule(aws.newId("sgr"), egress, protocol, from, to, cidr(range.required("CidrIp"), false), false, range.get("Description")));
            }
            for (QueryParams range : perm.list("Ipv6Ranges")) {
                rules.add(new Rule(aws.newId("sgr"), egress, protocol, from, to, cidr(range.required("CidrIpv6"), true), false, range.get("Description")));
            }
            for (QueryParams pair : perm.list("Groups")) {
                String peer = pair.required("GroupId");
                if (!groups.containsKey(peer)) {
                    throw AwsError.client("InvalidGroup.NotFound", "The security group '" + peer + "' does not exist");
                }
                rules.add(new Rule(aws.newId("sgr"), egress, protocol, from, to, peer, true, pair.get("Description")));
            }
            if (!perm.list("PrefixListIds").isEmpty()) {
                throw AwsError.client("InvalidParameterValue", "Prefix lists are not supported by the local AWS");
            }
        }
        if (rules.isEmpty()) {
            throw AwsError.client("InvalidParameterValue", "The request must contain a CIDR, a group or a prefix list as peer");
        }
        return rules;
    }

    private static String protocol(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "tcp", "6" -> "tcp";
            case "udp", "17" -> "udp";
            case "icmp", "1" -> "icmp";
            case "-1", "all" -> "-1";
            default -> throw AwsError.client("InvalidParameterValue", "Invalid value '" + value + "' for IP protocol. Unknown protocol.");
        };
    }

    private static String cidr(String value, boolean ipv6) {
        try {
            Cidr cidr = Cidr.parse(value);
            if (cidr.ipv6() != ipv6) {
                throw new IllegalArgumentException("wrong family");
            }
            return value;
        } catch (IllegalArgumentException e) {
            throw AwsError.client("InvalidParameterValue", "CIDR block " + value + " is malformed");
        }
    }

    private Group group(String id) {
        Group group = groups.get(id);
        if (group == null) {
            if (!id.matches("sg-[0-9a-f]{8}([0-9a-f]{9})?")) {
                throw AwsError.client("InvalidGroupId.Malformed", "Invalid id: \"" + id + "\" (expecting \"sg-...\")");
            }
            throw AwsError.client("InvalidGroup.NotFound", "The security group '" + id + "' does not exist");
        }
        return group;
    }

    private Xml groupXml(Group g) {
        return node("item",
                el("ownerId", LocalAws.ACCOUNT_ID), el("groupId", g.id), el("groupName", g.name),
                el("groupDescription", g.description), el("vpcId", g.vpcId),
                permissions("ipPermissions", g, g.rules.stream().filter(r -> !r.egress).toList()),
                permissions("ipPermissionsEgress", g, g.rules.stream().filter(r -> r.egress).toList()),
                Xml.ec2Tags("tagSet", tags.of(g.id)),
                el("securityGroupArn", g.arn()));
    }

    /** Rules grouped into IpPermissions by protocol and ports, in the order they were first added. */
    private static Xml permissions(String element, Group g, List<Rule> rules) {
        Map<String, List<Rule>> byPorts = new LinkedHashMap<>();
        for (Rule r : rules) {
            byPorts.computeIfAbsent(r.protocol + "/" + r.fromPort + "/" + r.toPort, k -> new ArrayList<>()).add(r);
        }
        List<Xml> items = new ArrayList<>();
        for (List<Rule> same : byPorts.values()) {
            Rule first = same.get(0);
            boolean ports = !first.protocol.equals("-1");
            items.add(node("item",
                    el("ipProtocol", first.protocol),
                    ports ? el("fromPort", first.fromPort) : null,
                    ports ? el("toPort", first.toPort) : null,
                    node("groups", same.stream().filter(Rule::peerIsGroup).map(r -> node("item",
                            el("userId", LocalAws.ACCOUNT_ID), el("groupId", r.peer), el("description", r.description))).toList()),
                    node("ipRanges", same.stream().filter(r -> !r.peerIsGroup && !r.ipv6()).map(r -> node("item",
                            el("cidrIp", r.peer), el("description", r.description))).toList()),
                    node("ipv6Ranges", same.stream().filter(Rule::ipv6).map(r -> node("item",
                            el("cidrIpv6", r.peer), el("description", r.description))).toList()),
                    node("prefixListIds")));
        }
        return node(element, items);
    }

    private static Xml ruleXml(Group g, Rule r) {
        boolean ports = !r.protocol.equals("-1");
        return node("item",
                el("securityGroupRuleId", r.id), el("groupId", g.id), el("groupOwnerId", LocalAws.ACCOUNT_ID),
                el("isEgress", r.egress), el("ipProtocol", r.protocol),
                el("fromPort", ports ? r.fromPort : -1), el("toPort", ports ? r.toPort : -1),
                r.peerIsGroup ? node("referencedGroupInfo", el("groupId", r.peer), el("userId", LocalAws.ACCOUNT_ID)) : null,
                !r.peerIsGroup && !r.ipv6() ? el("cidrIpv4", r.peer) : null,
                r.ipv6() ? el("cidrIpv6", r.peer) : null,
                el("description", r.description),
                el("securityGroupRuleArn", "arn:aws:ec2:" + LocalAws.DEFAULT_REGION + ":" + LocalAws.ACCOUNT_ID
                        + ":security-group-rule/" + r.id));
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
