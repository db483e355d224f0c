package io.consulfactory.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The execution input, validated and with every default filled in. Built only by
 * {@link ClusterSpecParser}, which checks every field before any AWS call is made.
 *
 * @param apiAllowedCidrs CIDRs that may reach the HTTPS API (8501) and DNS (8600); {@code null} when the
 *                        input left it out, meaning "the VPC's own CIDR blocks" (resolved when the
 *                        security group is made); an empty list means no CIDR at all
 * @param maxImageAgeDays an image this cluster already has, baked from the same recipe, is reused when it is
 *                        younger than this; older, it is baked again (and the schedule rebakes it)
 * @param allowSingleZone whether the subnets may all sit in one Availability Zone (default {@code false}): the
 *                        operator accepts that one zone's outage takes every server, hence the quorum
 * @param maxSnapshotAgeHours a roll or a step of a running cluster needs a snapshot of it in the stack's bucket younger
 *                        than this (default 2, 1-168); {@code null} only in a record written before snapshots
 * @param restoreFrom     a new cluster is restored from this snapshot once it is ready: {@code "latest"} (the newest
 *                        under the cluster's own prefix) or {@code "s3://<bucket>/<cluster>/<name>.snap"}; {@code null}:
 *                        no restore. Never recorded: it belongs to one execution
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterSpec(
        String clusterName,
        String vpcId,
        List<String> subnetIds,
        int serverCount,
        String instanceType,
        String consulVersion,
        String datacenter,
        BaseImage baseImage,
        JoinTag joinTag,
        List<String> apiAllowedCidrs,
        List<String> sshAllowedCidrs,
        int keepImages,
        int maxImageAgeDays,
        boolean allowSingleZone,
        Integer maxSnapshotAgeHours,
        String restoreFrom) {

    public ClusterSpec {
        subnetIds = List.copyOf(subnetIds);
        apiAllowedCidrs = apiAllowedCidrs == null ? null : List.copyOf(apiAllowedCidrs);
        sshAllowedCidrs = List.copyOf(sshAllowedCidrs);
    }

    /** Where the base image comes from: exactly one of the two is set. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BaseImage(String ssmParameter, String imageId) {
    }

    /** The EC2 tag Consul's cloud auto-join looks for ({@code provider=aws tag_key=… tag_value=…}). */
    public record JoinTag(String key, String value) {
    }

    /** IAM path of the node role and profile, so the template can scope {@code iam:PassRole} to it. */
    public static final String IAM_PATH = "/consul-cluster-factory/";

    /** Name of the node role and of its instance profile (IAM names: at most 64 characters). */
    public String nodeRoleName() {
        return "consul-" + clusterName + "-node";
    }

    /** Name of the cluster's one security group. */
    public String securityGroupName() {
        return "consul-" + clusterName;
    }

    /** The secret servers and clients read: gossip key and CA certificate ({@link io.consulfactory.consul.SecretNames}). */
    public String clientSecretName() {
        return io.consulfactory.consul.SecretNames.client(clusterName);
    }

    /** The secret only servers read: server certificate and key, ACL tokens. */
    public String serverSecretName() {
        return io.consulfactory.consul.SecretNames.server(clusterName);
    }

    /** Name of the security group Consul clients of the cluster run in (the servers' group admits it). */
    public String clientSecurityGroupName() {
        return "consul-" + clusterName + "-clients";
    }

    /** Name of the managed policy a Consul client's role attaches: its secret and auto-join. */
    public String clientPolicyName() {
        return "consul-" + clusterName + "-client";
    }

    /** Name of the Auto Scaling group and of the launch template. */
    public String autoScalingGroupName() {
        return "consul-" + clusterName;
    }

    /** The same spec without {@code restoreFrom}: what the cluster's record keeps. */
    public ClusterSpec withoutRestore() {
        return new ClusterSpec(clusterName, vpcId, subnetIds, serverCount, instanceType, consulVersion, datacenter, baseImage,
                joinTag, apiAllowedCidrs, sshAllowedCidrs, keepImages, maxImageAgeDays, allowSingleZone, maxSnapshotAgeHours, null);
    }
}
