package io.consulfactory.plan;

import io.consulfactory.bake.BaseImages;
import io.consulfactory.cluster.ClusterRecord;
import io.consulfactory.cluster.SecurityStages;
import io.consulfactory.resources.ClusterNetwork;
import io.consulfactory.resources.SecurityGroupPlan;
import io.consulfactory.resources.SecurityGroupRule;
import io.consulfactory.spec.ClusterSpec;
import io.consulfactory.spec.InvalidSpecException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.consulfactory.aws.AwsErrors.call;

/**
 * Everything an execution will do is decided here, before anything is made. Checks the spec against AWS (the
 * network, the zones it spans, the base image, the security groups' rule quota, a join tag no other cluster uses) and, for a running cluster,
 * compares it with the spec the cluster was deployed with ({@link ChangePlanner}). Bad input fails as
 * {@link InvalidSpecException}, a change the cluster could not survive as {@link ChangeRefusedException}: in
 * both cases the execution has made no AWS change at all.
 */
public final class PlanChange {

    /**
     * Inbound and outbound rules per security group, each enforced for IPv4 and IPv6 apart; a rule naming a
     * group counts towards both (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups).
     */
    public static final int RULES_PER_GROUP = 60;

    private final ClusterNetwork network;
    private final BaseImages baseImages;
    private final ClusterRecord record;
    private final AutoScalingClient autoScaling;
    private final JoinTagCheck joinTags;
    private final Snapshots snapshots;

    public PlanChange(Ec2Client ec2, SsmClient ssm, AutoScalingClient autoScaling, S3Client s3, String region) {
        this.snapshots = new Snapshots(s3);
        this.network = new ClusterNetwork(ec2);
        this.joinTags = new JoinTagCheck(ec2, ssm);
        this.baseImages = new BaseImages(ec2, ssm, region);
        this.record = new ClusterRecord(ssm);
        this.autoScaling = autoScaling;
    }

    /**
     * @param snapshotBucket the stack's snapshot bucket: a roll or step needs a recent snapshot there, a restore reads it
     * @param now            the state's entered time: snapshot ages count from it
     */
    public ChangePlan plan(ClusterSpec spec, String snapshotBucket, Instant now) {
        List<String> warnings = new ArrayList<>();
        Vpc vpc = network.vpc(spec);
        List<Subnet> subnets = network.subnets(spec);
        List<String> zones = subnets.stream().map(Subnet::availabilityZone).distinct().sorted().toList();
        zones(spec, zones, warnings);
        baseImages.resolve(spec);
        ruleQuota(spec, spec.apiAllowedCidrs() != null ? spec.apiAllowedCidrs() : ClusterNetwork.cidrsOf(vpc));
        joinTags.check(spec);

        Optional<AutoScalingGroup> group = call("autoscaling:DescribeAutoScalingGroups", () -> autoScaling.describeAutoScalingGroups(r -> r
                .autoScalingGroupNames(spec.autoScalingGroupName()))).autoScalingGroups().stream().findFirst();
        if (group.isEmpty()) {
            ChangePlan.Restore restore = spec.restoreFrom() == null ? null
                    : new ChangePlan.Restore(snapshots.restoreKey(spec, snapshotBucket));
            return new ChangePlan(ChangePlan.NEW, List.of(), List.copyOf(warnings), zones,
                    new ChangePlan.Security(null, SecurityStages.FINAL, SecurityStages.FINAL), restore);
        }
        if (spec.restoreFrom() != null) {
            throw InvalidSpecException.of("restoreFrom", "cluster " + spec.clusterName() + " is running (Auto Scaling group "
                    + spec.autoScalingGroupName() + "): a snapshot is restored only into a new cluster; deploy it under a new"
                    + " clusterName with restoreFrom, or leave restoreFrom out");
        }
        List<Change> changes = new ArrayList<>();
        Optional<ClusterSpec> running = record.recorded(spec.clusterName());
        if (running.isPresent()) {
            changes.addAll(ChangePlanner.compare(running.get(), spec));
        } else {
            // A group without a record (made by hand, or the record was deleted): compare what the group shows.
            warnings.add("no record of the spec " + spec.clusterName() + " was deployed with ("
                    + ClusterRecord.parameterName(spec.clusterName()) + "): only its subnets are compared");
            List<String> groupSubnets = List.of(group.get().vpcZoneIdentifier().split(","));
            ClusterSpec asRunning = new ClusterSpec(spec.clusterName(), spec.vpcId(), groupSubnets, spec.serverCount(),
                    spec.instanceType(), spec.consulVersion(), spec.datacenter(), spec.baseImage(), spec.joinTag(),
                    spec.apiAllowedCidrs(), spec.sshAllowedCidrs(), spec.keepImages(), spec.maxImageAgeDays(),
                    spec.allowSingleZone(), spec.maxSnapshotAgeHours(), spec.restoreFrom());
            changes.addAll(ChangePlanner.compare(asRunning, spec));
        }
        int stage = SecurityStages.running(group.get());
        if (stage < SecurityStages.FINAL) {
            changes.add(securityChange(stage));
        }
        List<Change> refused = changes.stream().filter(c -> c.kind() == ChangeKind.REFUSED).toList();
        if (!refused.isEmpty()) {
            throw new ChangeRefusedException(spec.clusterName(), refused);
        }
        snapshots.requireRecent(spec, snapshotBucket, now, changes);
        return new ChangePlan(ChangePlan.RUNNING, List.copyOf(changes), List.copyOf(warnings), zones,
                new ChangePlan.Security(stage, SecurityStages.first(group), SecurityStages.FINAL), null);
    }

    /**
     * Servers short of the final security stage are rolled there one stage per refresh: each stage's servers talk
     * to the previous stage's, so no roll partitions the cluster (a roll straight from no encryption to verified
     * encryption would: the new servers refuse the old ones' plaintext gossip).
     */
    static Change securityChange(int stage) {
        int rolls = SecurityStages.FINAL - stage;
        return new Change("security", "stage " + stage + " (" + SecurityStages.expected(stage) + ")",
                "stage " + SecurityStages.FINAL + " (" + SecurityStages.expected(SecurityStages.FINAL) + ")", ChangeKind.ROLL,
                rolls + " rolling refresh" + (rolls == 1 ? "" : "es") + ", one stage each, every server through the join gate:"
                        + " gossip encryption, then TLS both ways, then default-deny ACLs (HashiCorp's way for a running datacenter)");
    }

    /**
     * Consul keeps a majority through the loss of any one zone only when no zone holds half the servers: three
     * zones or more (developer.hashicorp.com/consul/docs/architecture/improving-consul-resilience).
     */
    private static void zones(ClusterSpec spec, List<String> zones, List<String> warnings) {
        if (zones.size() == 1 && !spec.allowSingleZone()) {
            throw InvalidSpecException.of("subnetIds", "every subnet is in " + zones.get(0) + ": one zone's outage would take"
                    + " every server; give subnets in three zones, or set \"allowSingleZone\": true to accept it");
        }
        if (zones.size() == 1) {
            warnings.add("every server runs in " + zones.get(0) + " (allowSingleZone): that zone's outage takes the whole cluster");
        } else if (zones.size() == 2) {
            warnings.add("the subnets span two zones only (" + String.join(", ", zones) + "): one of them holds a majority of"
                    + " the " + spec.serverCount() + " servers, and its outage leaves Consul without a leader; three zones survive any one");
        }
    }

    /** The rules each of the two groups will hold, counted as AWS counts them against its quota. */
    static void ruleQuota(ClusterSpec spec, List<String> apiCidrs) {
        ruleQuota(spec.securityGroupName(), SecurityGroupPlan.serverRules(spec, apiCidrs), "3 per API CIDR, 1 per SSH CIDR, "
                + SecurityGroupPlan.serverRules(spec, List.of()).stream().filter(r -> !r.egress() && r.peerIsGroup()).count()
                + " for Consul's own ports");
        ruleQuota(spec.clientSecurityGroupName(), SecurityGroupPlan.clientRules(spec), "Consul's own ports");
    }

    private static void ruleQuota(String group, List<SecurityGroupRule> rules, String counted) {
        for (boolean egress : new boolean[]{false, true}) {
            long ipv4 = rules.stream().filter(r -> r.egress() == egress && (r.peerIsGroup() || !r.ipv6())).count();
            long ipv6 = rules.stream().filter(r -> r.egress() == egress && (r.peerIsGroup() || r.ipv6())).count();
            if (ipv4 > RULES_PER_GROUP || ipv6 > RULES_PER_GROUP) {
                throw InvalidSpecException.of(egress ? "(security group)" : "apiAllowedCidrs, sshAllowedCidrs", "the security group "
                        + group + " would need " + Math.max(ipv4, ipv6) + " " + (egress ? "outbound" : "inbound") + " "
                        + (ipv4 > ipv6 ? "IPv4" : "IPv6") + " rules (" + counted + "); AWS allows " + RULES_PER_GROUP
                        + " per group: give fewer or wider CIDRs");
            }
        }
    }
}
