package io.consulfactory.resources;

import io.consulfactory.aws.AwsErrors;
import io.consulfactory.aws.Tags;
import io.consulfactory.spec.ClusterSpec;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static io.consulfactory.aws.AwsErrors.call;
import static io.consulfactory.aws.AwsErrors.run;

/**
 * The cluster's two security groups, the servers' and the clients', each found by name in the VPC and converged
 * to {@link SecurityGroupPlan}: missing rules are added; rules the factory made earlier that the plan no longer has
 * (a CIDR removed from the spec, a port the servers no longer open), and AWS's default all-traffic egress rule, are
 * revoked. Rules someone else added (without the factory's mark in their description), and references to groups
 * other than these two, are left alone. Both groups are found, and checked to be the factory's, before either is
 * made or changed: each one's rules name the other.
 */
final class ClusterSecurityGroups {

    record Made(String serverGroupId, String clientGroupId) {
    }

    private final Ec2Client ec2;

    ClusterSecurityGroups(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    /**
     * @param serverTags the servers' group's tags
     * @param clientTags the clients' group's tags
     */
    Made ensure(ClusterSpec spec, Map<String, String> serverTags, Map<String, String> clientTags, List<String> apiCidrs) {
        String serversName = spec.securityGroupName();
        String clientsName = spec.clientSecurityGroupName();
        Optional<SecurityGroup> servers = find(spec.vpcId(), serversName);
        Optional<SecurityGroup> clients = find(spec.vpcId(), clientsName);
        servers.ifPresent(ClusterSecurityGroups::requireOurs);
        clients.ifPresent(ClusterSecurityGroups::requireOurs);

        String serversId = servers.map(g -> tagged(g, serverTags)).orElseGet(() -> create(spec.vpcId(), serversName,
                "Consul servers of cluster " + spec.clusterName() + " " + SecurityGroupRule.OWNER_MARK, serverTags));
        String clientsId = clients.map(g -> tagged(g, clientTags)).orElseGet(() -> create(spec.vpcId(), clientsName,
                "Consul clients of cluster " + spec.clusterName() + ", added to their instances " + SecurityGroupRule.OWNER_MARK,
                clientTags));
        Map<String, String> names = Map.of(serversId, serversName, clientsId, clientsName);
        converge(serversId, names, SecurityGroupPlan.serverRules(spec, apiCidrs), servers.map(g -> rulesOf(g, names)).orElse(NEW_GROUP));
        converge(clientsId, names, SecurityGroupPlan.clientRules(spec), clients.map(g -> rulesOf(g, names)).orElse(NEW_GROUP));
        return new Made(serversId, clientsId);
    }

    /** A new group holds exactly AWS's default egress rule; describing it right after creating it could lag behind. */
    private static final List<SecurityGroupRule> NEW_GROUP = List.of(new SecurityGroupRule(true, "-1", -1, -1, "0.0.0.0/0", null));

    private Optional<SecurityGroup> find(String vpcId, String name) {
        return call("ec2:DescribeSecurityGroups", () -> ec2.describeSecurityGroups(r -> r.filters(
                filter("vpc-id", vpcId), filter("group-name", name))))
                .securityGroups().stream().findFirst();
    }

    private String tagged(SecurityGroup group, Map<String, String> tags) {
        tagMissing(group.groupId(), tags, group.tags());
        return group.groupId();
    }

    private String create(String vpcId, String name, String description, Map<String, String> tags) {
        try {
            return call("ec2:CreateSecurityGroup", () -> ec2.createSecurityGroup(r -> r
                    .groupName(name)
                    .description(description)
                    .vpcId(vpcId)
                    .tagSpecifications(t -> t.resourceType(ResourceType.SECURITY_GROUP).tags(Tags.ec2(tags))))).groupId();
        } catch (AwsServiceException e) {
            if (!AwsErrors.hasCode(e, "InvalidGroup.Duplicate")) {
                throw e;
            }
            // Made by an earlier attempt of this step that AWS completed but we never heard back from.
            return find(vpcId, name).orElseThrow(() -> e).groupId();
        }
    }

    private void converge(String groupId, Map<String, String> names, List<SecurityGroupRule> plan, List<SecurityGroupRule> current) {
        List<SecurityGroupRule> missing = plan.stream()
                .filter(p -> current.stream().noneMatch(p::sameAs)).toList();
        List<SecurityGroupRule> unwanted = current.stream()
                .filter(c -> c.ownedByFactory() || (c.egress() && c.isAllowAll()))
                .filter(c -> plan.stream().noneMatch(c::sameAs)).toList();
        Map<String, String> ids = new java.util.HashMap<>();
        names.forEach((id, name) -> ids.put(name, id));
        authorize(groupId, ids, missing.stream().filter(r -> !r.egress()).toList(), false);
        authorize(groupId, ids, missing.stream().filter(SecurityGroupRule::egress).toList(), true);
        revoke(groupId, ids, unwanted.stream().filter(r -> !r.egress()).toList(), false);
        revoke(groupId, ids, unwanted.stream().filter(SecurityGroupRule::egress).toList(), true);
    }

    private void authorize(String groupId, Map<String, String> ids, List<SecurityGroupRule> rules, boolean egress) {
        if (rules.isEmpty()) {
            return;
        }
        try {
            authorizeCall(groupId, ids, rules, egress);
        } catch (AwsServiceException e) {
            if (!AwsErrors.hasCode(e, "InvalidPermission.Duplicate")) {
                throw e;
            }
            // AWS rejects the whole call for one duplicate (a concurrent run, or describe lagging behind):
            // add the rules one by one, skipping those already there.
            for (SecurityGroupRule rule : rules) {
                try {
                    authorizeCall(groupId, ids, List.of(rule), egress);
                } catch (AwsServiceException one) {
                    if (!AwsErrors.hasCode(one, "InvalidPermission.Duplicate")) {
                        throw one;
                    }
                }
            }
        }
    }

    private void authorizeCall(String groupId, Map<String, String> ids, List<SecurityGroupRule> rules, boolean egress) {
        List<IpPermission> permissions = rules.stream().map(r -> permission(ids, r)).toList();
        if (egress) {
            run("ec2:AuthorizeSecurityGroupEgress", () -> ec2.authorizeSecurityGroupEgress(r -> r
                    .groupId(groupId).ipPermissions(permissions)));
        } else {
            run("ec2:AuthorizeSecurityGroupIngress", () -> ec2.authorizeSecurityGroupIngress(r -> r
                    .groupId(groupId).ipPermissions(permissions)));
        }
    }

    private void revoke(String groupId, Map<String, String> ids, List<SecurityGroupRule> rules, boolean egress) {
        if (rules.isEmpty()) {
            return;
        }
        List<IpPermission> permissions = rules.stream().map(r -> permission(ids, r)).toList();
        if (egress) {
            run("ec2:RevokeSecurityGroupEgress", () -> ec2.revokeSecurityGroupEgress(r -> r
                    .groupId(groupId).ipPermissions(permissions)));
        } else {
            run("ec2:RevokeSecurityGroupIngress", () -> ec2.revokeSecurityGroupIngress(r -> r
                    .groupId(groupId).ipPermissions(permissions)));
        }
    }

    /** @param ids group name to id, for rules whose peer is a group */
    private static IpPermission permission(Map<String, String> ids, SecurityGroupRule rule) {
        IpPermission.Builder p = IpPermission.builder().ipProtocol(rule.protocol());
        if (!rule.protocol().equals("-1")) {
            p.fromPort(rule.fromPort()).toPort(rule.toPort());
        }
        if (rule.peerIsGroup()) {
            p.userIdGroupPairs(UserIdGroupPair.builder().groupId(ids.get(rule.peerGroup())).description(rule.description()).build());
        } else if (rule.ipv6()) {
            p.ipv6Ranges(Ipv6Range.builder().cidrIpv6(rule.peerCidr()).description(rule.description()).build());
        } else {
            p.ipRanges(IpRange.builder().cidrIp(rule.peerCidr()).description(rule.description()).build());
        }
        return p.build();
    }

    /**
     * The group's rules, one per peer, as the plan states them.
     *
     * @param names group id to name of the cluster's groups; references to any other group are skipped
     */
    static List<SecurityGroupRule> rulesOf(SecurityGroup group, Map<String, String> names) {
        List<SecurityGroupRule> rules = new ArrayList<>();
        flatten(names, group.ipPermissions(), false, rules::add);
        flatten(names, group.ipPermissionsEgress(), true, rules::add);
        return rules;
    }

    private static void flatten(Map<String, String> names, List<IpPermission> permissions, boolean egress,
                                Consumer<SecurityGroupRule> into) {
        for (IpPermission p : permissions) {
            String protocol = p.ipProtocol();
            int from = p.fromPort() == null ? -1 : p.fromPort();
            int to = p.toPort() == null ? -1 : p.toPort();
            p.ipRanges().forEach(r -> into.accept(new SecurityGroupRule(egress, protocol, from, to, r.cidrIp(), r.description())));
            p.ipv6Ranges().forEach(r -> into.accept(new SecurityGroupRule(egress, protocol, from, to, r.cidrIpv6(), r.description())));
            p.userIdGroupPairs().stream().filter(g -> names.containsKey(g.groupId()))
                    .forEach(g -> into.accept(new SecurityGroupRule(egress, protocol, from, to, null, names.get(g.groupId()),
                            g.description())));
        }
    }

    /** A same-named group without the factory's tag is someone else's: never take it over. */
    private static void requireOurs(SecurityGroup group) {
        boolean ours = group.tags().stream().anyMatch(t ->
                t.key().equals(Tags.MANAGED_BY) && t.value().equals(Tags.MANAGED_BY_VALUE));
        if (!ours) {
            throw new ResourceConflictException("Security group " + group.groupId() + " ('" + group.groupName()
                    + "') in " + group.vpcId() + " has the factory's name but not its tag " + Tags.MANAGED_BY + "="
                    + Tags.MANAGED_BY_VALUE + ", so it was not made by the factory. Choose another clusterName"
                    + " or remove that group.");
        }
    }

    private void tagMissing(String groupId, Map<String, String> tags, List<Tag> present) {
        List<Tag> missing = Tags.ec2(tags).stream().filter(t -> !present.contains(t)).toList();
        if (!missing.isEmpty()) {
            run("ec2:CreateTags", () -> ec2.createTags(r -> r.resources(groupId).tags(missing)));
        }
    }

    private static Filter filter(String name, String value) {
        return Filter.builder().name(name).values(value).build();
    }
}
