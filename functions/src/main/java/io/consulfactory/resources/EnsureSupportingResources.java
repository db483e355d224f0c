package io.consulfactory.resources;

import io.consulfactory.aws.Tags;
import io.consulfactory.spec.ClusterSpec;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.iam.IamClient;

import java.util.List;
import java.util.Map;


/**
 * Step 1 of the workflow: what every server needs before one is launched, and what Consul clients of the cluster
 * are given. Checks the network first (the VPC and the subnets exist and belong together), then makes or repairs
 * the node role, its instance profile, the client policy, and the servers' and clients' security groups. Running
 * it again changes nothing that is already right.
 */
public final class EnsureSupportingResources {

    private final ClusterNetwork network;
    private final NodeRole nodeRole;
    private final ClientPolicy clientPolicy;
    private final ClusterSecurityGroups securityGroups;
    private final String region;

    /** The region the clients are configured for (the SDK's region provider: AWS_REGION in Lambda) is the cluster's. */
    public EnsureSupportingResources(Ec2Client ec2, IamClient iam) {
        this.network = new ClusterNetwork(ec2);
        this.nodeRole = new NodeRole(iam);
        this.clientPolicy = new ClientPolicy(iam);
        this.securityGroups = new ClusterSecurityGroups(ec2);
        this.region = ec2.serviceClientConfiguration().region().id();
    }

    /** @param snapshotBucket the stack's snapshot bucket (the node role may use its cluster's prefix of it) */
    public SupportingResources ensure(ClusterSpec spec, String snapshotBucket) {
        if (snapshotBucket == null || !io.consulfactory.consul.BootSettings.BUCKET.matcher(snapshotBucket).matches()) {
            throw new IllegalArgumentException("snapshotBucket '" + snapshotBucket + "' is not an S3 bucket name: the state"
                    + " machine passes the stack's ${SnapshotBucket}");
        }
        // Checked before by PlanChange; again here, as this step must never make anything in a wrong network.
        Vpc vpc = network.vpc(spec);
        network.subnets(spec);
        List<String> apiCidrs = spec.apiAllowedCidrs() != null ? spec.apiAllowedCidrs() : ClusterNetwork.cidrsOf(vpc);
        Map<String, String> tags = Tags.forCluster(spec);
        NodeRole.Made role = nodeRole.ensure(spec, tags, region, snapshotBucket);
        String policyArn = clientPolicy.ensure(Policies.Scope.of(role.roleArn(), region, spec), tags);
        ClusterSecurityGroups.Made groups = securityGroups.ensure(spec, tags, Tags.withoutJoinTag(spec), apiCidrs);
        return new SupportingResources(role.roleName(), role.roleArn(), role.instanceProfileName(),
                role.instanceProfileArn(), groups.serverGroupId(), spec.securityGroupName(), apiCidrs,
                groups.clientGroupId(), spec.clientSecurityGroupName(), policyArn);
    }
}
