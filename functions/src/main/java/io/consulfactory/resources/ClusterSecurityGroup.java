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
 * The cluster's one security group, found by name in the VPC and converged to {@link SecurityGroupPlan}:
 * missing rules are added; rules the factory made earlier that the plan no longer has (a CIDR removed
 * from the spec), and AWS's default all-traffic egress rule, are revoked. Rules someone else added
 * (without the factory's mark in their description) are left alone.
 */
final class ClusterSecurityGroup {

    private final Ec2Client ec2;

    ClusterSecurityGroup(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    String ensure(ClusterSpec spec, Map<String, String> tags, List<String> apiCidrs) {
        List<SecurityGroupRule> plan = SecurityGroupPlan.rules(spec, apiCidrs);
        Optional<SecurityGroup> found = find(spec);
        String groupId;
        List<SecurityGroupRule> current;
        if (found.isPresent()) {
            SecurityGroup group = found.get();
            groupId = group.groupId();
            requireOurs(group);
            tagMissing(groupId, tags, group.tags());
            current = rulesOf(group);
        } else {
            groupId = create(spec, tags);
            // A new group holds exactly AWS's default egress rule; describing it now could lag behind.
            current = List.of(new SecurityGroupRule(true, "-1", -1, -1, "0.0.0.0/0", null));
        }
        converge(groupId, plan, current);
        return groupId;
    }

    private Optional<SecurityGroup> find(ClusterSpec spec) {
        return call("ec2:DescribeSecurityGroups", () -> ec2.describeSecurityGroups(r -> r.filters(
                filter("vpc-id", spec.vpcId()), filter("group-name", spec.securityGroupName()))))
                .securityGroups().stream().findFirst();
    }

    private String create(ClusterSpec spec, Map<String, String> tags) {
        try {
            return call("ec2:CreateSecurityGroup", () -> ec2.createSecurityGroup(r -> r
                    .groupName(spec.securityGroupName())
                    .description("Consul servers of cluster " + spec.clusterName() + " (consul-cluster-factory)")
                    .vpcId(spec.vpcId())
                    .tagSpecifications(t -> t.resourceType(ResourceType.SECURITY_GROUP).tags(Tags.ec2(tags))))).groupId();
        } catch (AwsServiceException e) {
            if (!AwsErrors.hasCode(e, "InvalidGroup.Duplicate")) {
                throw e;
            }
            // Made by an earlier attempt of this step that AWS completed but we never heard back from.
            return find(spec).orElseThrow(() -> e).groupId();
        }
    }

    private void converge(String groupId, List<SecurityGroupRule> plan, List<SecurityGroupRule> current) {
        List<SecurityGroupRule> missing = plan.stream()
                .filter(p -> current.stream().noneMatch(p::sameAs)).toList();
        List<SecurityGroupRule> unwanted = current.stream()
                .filter(c -> c.ownedByFactory() || (c.egress() && c.isAllowAll()))
                .filter(c -> plan.stream().noneMatch(c::sameAs)).toList();
        authorize(groupId, missing.stream().filter(r -> !r.egress()).toList(), false);
        authorize(groupId, missing.stream().filter(SecurityGroupRule::egress).toList(), true);
        revoke(groupId, unwanted.stream().filter(r -> !r.egress()).toList(), false);
        revoke(groupId, unwanted.stream().filter(SecurityGroupRule::egress).toList(), true);
    }

    private void authorize(String groupId, List<SecurityGroupRule> rules, boolean egress) {
        if (rules.isEmpty()) {
            return;
        }
        try {
            authorizeCall(groupId, rules, egress);
        } catch (AwsServiceException e) {
            if (!AwsErrors.hasCode(e, "InvalidPermission.Duplicate")) {
                throw e;
            }
            // AWS rejects the whole call for one duplicate (a concurrent run, or describe lagging behind):
            // add the rules one by one, skipping those already there.
            for (SecurityGroupRule rule : rules) {
                try {
                    authorizeCall(groupId, List.of(rule), egress);
                } catch (AwsServiceException one) {
                    if (!AwsErrors.hasCode(one, "InvalidPermission.Duplicate")) {
                        throw one;
                    }
                }
            }
        }
    }

    private void authorizeCall(String groupId, List<SecurityGroupRule> rules, boolean egress) {
        List<IpPermission> permissions = rules.stream().map(r -> permission(groupId, r)).toList();
        if (egress) {
            run("ec2:AuthorizeSecurityGroupEgress", () -> ec2.authorizeSecurityGroupEgress(r -> r
                    .groupId(groupId).ipPermissions(permissions)));
        } else {
            run("ec2:AuthorizeSecurityGroupIngress", () -> ec2.authorizeSecurityGroupIngress(r -> r
                    .groupId(groupId).ipPermissions(permissions)));
        }
    }

    private void revoke(String groupId, List<SecurityGroupRule> rules, boolean egress) {
        if (rules.isEmpty()) {
            return;
        }
        List<IpPermission> permissions = rules.stream().map(r -> permission(groupId, r)).toList();
        if (egress) {
            run("ec2:RevokeSecurityGroupEgress", () -> ec2.revokeSecurityGroupEgress(r -> r
                    .groupId(groupId).ipPermissions(permissions)));
        } else {
            run("ec2:RevokeSecurityGroupIngress", () -> ec2.revokeSecurityGroupIngress(r -> r
                    .groupId(groupId).ipPermissions(permissions)));
        }
    }

    private static IpPermission permission(String groupId, SecurityGroupRule rule) {
        IpPermission.Builder p = IpPermission.builder().ipProtocol(rule.protocol());
        if (!rule.protocol().equals("-1")) {
            p.fromPort(rule.fromPort()).toPort(rule.toPort());
        }
        if (rule.fromGroupItself()) {
            p.userIdGroupPairs(UserIdGroupPair.builder().groupId(groupId).description(rule.description()).build());
        } else if (rule.ipv6()) {
            p.ipv6Ranges(Ipv6Range.builder().cidrIpv6(rule.peerCidr()).description(rule.description()).build());
        } else {
            p.ipRanges(IpRange.builder().cidrIp(rule.peerCidr()).description(rule.description()).build());
        }
        return p.build();
    }

    /** The group's rules, one per peer, as the plan states them. References to other groups are skipped. */
    static List<SecurityGroupRule> rulesOf(SecurityGroup group) {
        List<SecurityGroupRule> rules = new ArrayList<>();
        flatten(group.groupId(), group.ipPermissions(), false, rules::add);
        flatten(group.groupId(), group.ipPermissionsEgress(), true, rules::add);
        return rules;
    }

    private static void flatten(String groupId, List<IpPermission> permissions, boolean egress,
                                Consumer<SecurityGroupRule> into) {
        for (IpPermission p : permissions) {
            String protocol = p.ipProtocol();
            int from = p.fromPort() == null ? -1 : p.fromPort();
            int to = p.toPort() == null ? -1 : p.toPort();
            p.ipRanges().forEach(r -> into.accept(new SecurityGroupRule(egress, protocol, from, to, r.cidrIp(), r.description())));
            p.ipv6Ranges().forEach(r -> into.accept(new SecurityGroupRule(egress, protocol, from, to, r.cidrIpv6(), r.description())));
            p.userIdGroupPairs().stream().filter(g -> groupId.equals(g.groupId()))
                    .forEach(g -> into.accept(new SecurityGroupRule(egress, protocol, from, to, null, g.description())));
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
