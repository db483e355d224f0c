package io.consulfactory.teardown;

import io.consulfactory.aws.AwsErrors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.consulfactory.aws.AwsErrors.call;

/**
 * The servers' group {@code consul-<c>} and the clients' group {@code consul-<c>-clients}. Each admits the other,
 * and EC2 refuses to delete a group another group's rule names, so those rules are revoked first. EC2 also
 * refuses while a network interface is in the group: a terminated server's or builder's interface detaches a
 * little after the instance stops, so {@code DependencyViolation} makes this step wait and try again (a bounded
 * loop in the state machine). A client instance still in the clients' group keeps it there until the loop ends,
 * and the execution then says so.
 */
public final class RemoveSecurityGroups {

    static final String GROUPS = "securityGroups";
    static final int NEXT_CHECK_SECONDS = 15;

    private final Ec2Client ec2;

    public RemoveSecurityGroups(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    public Removal remove(String clusterName, Removal previous) {
        ClusterNames names = new ClusterNames(clusterName);
        Removal.Builder result = new Removal.Builder(previous, GROUPS);
        List<String> wanted = List.of(names.serverSecurityGroupName(), names.clientSecurityGroupName());
        List<SecurityGroup> found = call("ec2:DescribeSecurityGroups", () -> ec2.describeSecurityGroups(r -> r
                .filters(f -> f.name("group-name").values(wanted)))).securityGroups();
        List<SecurityGroup> ours = new ArrayList<>();
        for (SecurityGroup g : found) {
            if (!names.ours(Ec2Tags.of(g.tags()))) {
                throw new ForeignResourceException(clusterName, List.of(names.whyNotOurs("security group", g.groupName(),
                        g.groupId() + " in " + g.vpcId(), Ec2Tags.of(g.tags()))));
            }
            ours.add(g);
        }
        for (String name : wanted) {
            if (ours.stream().noneMatch(g -> g.groupName().equals(name))) {
                result.gone(GROUPS, name);
            }
        }
        Set<String> ids = ours.stream().map(SecurityGroup::groupId).collect(Collectors.toSet());
        for (SecurityGroup g : ours) {
            revokeReferences(g, ids);
        }
        List<String> waiting = new ArrayList<>();
        for (SecurityGroup g : ours) {
            try {
                call("ec2:DeleteSecurityGroup", () -> ec2.deleteSecurityGroup(r -> r.groupId(g.groupId())));
                result.removed(GROUPS, g.groupId());
            } catch (AwsServiceException e) {
                if (AwsErrors.hasCode(e, "InvalidGroup.NotFound")) {
                    result.gone(GROUPS, g.groupId());
                } else if (AwsErrors.hasCode(e, "DependencyViolation")) {
                    waiting.add(g.groupName() + " (" + g.groupId() + "): " + e.awsErrorDetails().errorMessage()
                            + "; an instance or network interface is still in it");
                } else {
                    throw e;
                }
            }
        }
        return waiting.isEmpty() ? result.done() : result.pending(NEXT_CHECK_SECONDS, String.join("; ", waiting));
    }

    /** Revokes the group's rules that name another of the cluster's groups (a rule naming the group itself stays). */
    private void revokeReferences(SecurityGroup g, Set<String> clusterGroups) {
        List<IpPermission> ingress = naming(g.ipPermissions(), g.groupId(), clusterGroups);
        if (!ingress.isEmpty()) {
            call("ec2:RevokeSecurityGroupIngress", () -> ec2.revokeSecurityGroupIngress(r -> r.groupId(g.groupId()).ipPermissions(ingress)));
        }
        List<IpPermission> egress = naming(g.ipPermissionsEgress(), g.groupId(), clusterGroups);
        if (!egress.isEmpty()) {
            call("ec2:RevokeSecurityGroupEgress", () -> ec2.revokeSecurityGroupEgress(r -> r.groupId(g.groupId()).ipPermissions(egress)));
        }
    }

    private static List<IpPermission> naming(List<IpPermission> permissions, String self, Set<String> clusterGroups) {
        List<IpPermission> out = new ArrayList<>();
        for (IpPermission p : permissions) {
            List<UserIdGroupPair> pairs = p.userIdGroupPairs().stream()
                    .filter(pair -> !pair.groupId().equals(self) && clusterGroups.contains(pair.groupId()))
                    .map(pair -> UserIdGroupPair.builder().groupId(pair.groupId()).build()).toList();
            if (!pairs.isEmpty()) {
                out.add(IpPermission.builder().ipProtocol(p.ipProtocol()).fromPort(p.fromPort()).toPort(p.toPort())
                        .userIdGroupPairs(pairs).build());
            }
        }
        return out;
    }
}
