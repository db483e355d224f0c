package io.consulfactory.local.cloud.ec2;

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

import static io.consulfactory.local.cloud.Xml.el;
import static io.consulfactory.local.cloud.Xml.node;

/**
 * CreateSecurityGroup, DeleteSecurityGroup, DescribeSecurityGroups and the four Authorize/Revoke actions on the wire,
 * over {@link Ec2SecurityGroups}: IpPermissions read into one {@link Ec2SecurityGroups.Rule} per peer, and rules
 * grouped back into IpPermissions by protocol and ports on describe.
 */
final class Ec2SecurityGroupsWire {

    private final Ec2SecurityGroups groups;
    private final Ec2Tags tags;

    Ec2SecurityGroupsWire(Ec2SecurityGroups groups, Ec2Tags tags) {
        this.groups = groups;
        this.tags = tags;
    }

    Object create(QueryParams p) {
        String name = p.required("GroupName");
        String description = p.required("GroupDescription");
        String vpcId = p.required("VpcId");
        // EC2 checks the group before its tag specifications.
        groups.checkNew(name, description, vpcId);
        Ec2TagsWire.requireSpecificationTypes(p, Set.of("security-group"));
        Ec2SecurityGroups.Group group = groups.create(name, description, vpcId);
        tags.of(group.id).putAll(Ec2TagsWire.fromSpecifications(p, "security-group"));
        return List.of(el("return", true), el("groupId", group.id), Xml.ec2Tags("tagSet", tags.of(group.id)),
                el("securityGroupArn", group.arn()));
    }

    Object delete(QueryParams p) {
        groups.delete(p.has("GroupId") ? groups.group(p.get("GroupId")) : groups.named(p.required("GroupName")));
        return el("return", true);
    }

    Object describe(QueryParams p) {
        List<String> ids = p.strings("GroupId");
        List<String> names = p.strings("GroupName");
        ids.forEach(groups::group);
        List<Xml> items = groups.describe(ids, names, Ec2FiltersWire.parse(p)).stream().map(this::groupXml).toList();
        return node("securityGroupInfo", items);
    }

    Object authorize(QueryParams p, boolean egress) {
        Ec2SecurityGroups.Group group = groups.group(p.required("GroupId"));
        List<Ec2SecurityGroups.Rule> requested = rules(p, egress);
        groups.authorize(group, egress, requested);
        List<Xml> made = requested.stream().map(r -> ruleXml(group, r)).toList();
        return List.of(el("return", true), node("securityGroupRuleSet", made));
    }

    Object revoke(QueryParams p, boolean egress) {
        Ec2SecurityGroups.Group group = groups.group(p.required("GroupId"));
        List<Ec2SecurityGroups.Rule> unknown = groups.revoke(group, rules(p, egress));
        List<Xml> result = new ArrayList<>(List.of(el("return", true)));
        if (!unknown.isEmpty()) {
            result.add(permissions("unknownIpPermissionSet", unknown));
        }
        return result;
    }

    /**
     * IpPermissions.N as one rule per peer (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html);
     * each rule takes its id as it is read, and a peer group must exist.
     */
    private List<Ec2SecurityGroups.Rule> rules(QueryParams p, boolean egress) {
        List<Ec2SecurityGroups.Rule> rules = new ArrayList<>();
        List<QueryParams> permissions = p.list("IpPermissions");
        if (permissions.isEmpty()) {
            throw Ec2Errors.noIpPermissions();
        }
        for (QueryParams perm : permissions) {
            String protocol = protocol(perm.required("IpProtocol"));
            int from = -1;
            int to = -1;
            if (!protocol.equals("-1")) {
                Integer f = perm.integer("FromPort");
                Integer t = perm.integer("ToPort");
                if (f == null || t == null) {
                    throw Ec2Errors.portRangeMissing();
                }
                if (protocol.matches("tcp|udp") && (f < 0 || t > 65535 || f > t)) {
                    throw Ec2Errors.portRangeInvalid(f, t);
                }
                from = f;
                to = t;
            }
            for (QueryParams range : perm.list("IpRanges")) {
                rules.add(new Ec2SecurityGroups.Rule(groups.newRuleId(), egress, protocol, from, to,
                        cidr(range.required("CidrIp"), false), false, range.get("Description")));
            }
            for (QueryParams range : perm.list("Ipv6Ranges")) {
                rules.add(new Ec2SecurityGroups.Rule(groups.newRuleId(), egress, protocol, from, to,
                        cidr(range.required("CidrIpv6"), true), false, range.get("Description")));
            }
            for (QueryParams pair : perm.list("Groups")) {
                String peer = pair.required("GroupId");
                groups.requirePeer(peer);
                rules.add(new Ec2SecurityGroups.Rule(groups.newRuleId(), egress, protocol, from, to, peer, true,
                        pair.get("Description")));
            }
            if (!perm.list("PrefixListIds").isEmpty()) {
                throw Ec2Errors.prefixListsNotSupported();
            }
        }
        if (rules.isEmpty()) {
            throw Ec2Errors.noPeer();
        }
        return rules;
    }

    private static String protocol(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "tcp", "6" -> "tcp";
            case "udp", "17" -> "udp";
            case "icmp", "1" -> "icmp";
            case "-1", "all" -> "-1";
            default -> throw Ec2Errors.unknownProtocol(value);
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
            throw Ec2Errors.malformedCidr(value);
        }
    }

    private Xml groupXml(Ec2SecurityGroups.Group g) {
        return node("item",
                el("ownerId", LocalAws.ACCOUNT_ID), el("groupId", g.id), el("groupName", g.name),
                el("groupDescription", g.description), el("vpcId", g.vpcId),
                permissions("ipPermissions", g.rules.stream().filter(r -> !r.egress()).toList()),
                permissions("ipPermissionsEgress", g.rules.stream().filter(Ec2SecurityGroups.Rule::egress).toList()),
                Xml.ec2Tags("tagSet", tags.of(g.id)),
                el("securityGroupArn", g.arn()));
    }

    /** Rules grouped into IpPermissions by protocol and ports, in the order they were first added. */
    private static Xml permissions(String element, List<Ec2SecurityGroups.Rule> rules) {
        Map<String, List<Ec2SecurityGroups.Rule>> byPorts = new LinkedHashMap<>();
        for (Ec2SecurityGroups.Rule r : rules) {
            byPorts.computeIfAbsent(r.protocol() + "/" + r.fromPort() + "/" + r.toPort(), k -> new ArrayList<>()).add(r);
        }
        List<Xml> items = new ArrayList<>();
        for (List<Ec2SecurityGroups.Rule> same : byPorts.values()) {
            Ec2SecurityGroups.Rule first = same.get(0);
            boolean ports = !first.protocol().equals("-1");
            items.add(node("item",
                    el("ipProtocol", first.protocol()),
                    ports ? el("fromPort", first.fromPort()) : null,
                    ports ? el("toPort", first.toPort()) : null,
                    node("groups", same.stream().filter(Ec2SecurityGroups.Rule::peerIsGroup).map(r -> node("item",
                            el("userId", LocalAws.ACCOUNT_ID), el("groupId", r.peer()), el("description", r.description()))).toList()),
                    node("ipRanges", same.stream().filter(r -> !r.peerIsGroup() && !r.ipv6()).map(r -> node("item",
                            el("cidrIp", r.peer()), el("description", r.description()))).toList()),
                    node("ipv6Ranges", same.stream().filter(Ec2SecurityGroups.Rule::ipv6).map(r -> node("item",
                            el("cidrIpv6", r.peer()), el("description", r.description()))).toList()),
                    node("prefixListIds")));
        }
        return node(element, items);
    }

    private static Xml ruleXml(Ec2SecurityGroups.Group g, Ec2SecurityGroups.Rule r) {
        boolean ports = !r.protocol().equals("-1");
        return node("item",
                el("securityGroupRuleId", r.id()), el("groupId", g.id), el("groupOwnerId", LocalAws.ACCOUNT_ID),
                el("isEgress", r.egress()), el("ipProtocol", r.protocol()),
                el("fromPort", ports ? r.fromPort() : -1), el("toPort", ports ? r.toPort() : -1),
                r.peerIsGroup() ? node("referencedGroupInfo", el("groupId", r.peer()), el("userId", LocalAws.ACCOUNT_ID)) : null,
                !r.peerIsGroup() && !r.ipv6() ? el("cidrIpv4", r.peer()) : null,
                r.ipv6() ? el("cidrIpv6", r.peer()) : null,
                el("description", r.description()),
                el("securityGroupRuleArn", "arn:aws:ec2:" + LocalAws.DEFAULT_REGION + ":" + LocalAws.ACCOUNT_ID
                        + ":security-group-rule/" + r.id()));
    }
}
