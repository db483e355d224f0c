package io.consulfactory.resources;

import io.consulfactory.spec.ClusterSpec;
import io.consulfactory.spec.InvalidSpecException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ec2.model.VpcCidrBlockStateCode;

import java.util.ArrayList;
import java.util.List;

import static io.consulfactory.aws.AwsErrors.call;
import static io.consulfactory.aws.AwsErrors.hasCode;

/** The spec's network as EC2 has it: the VPC exists, the subnets exist and lie in it. */
public final class ClusterNetwork {

    private final Ec2Client ec2;

    public ClusterNetwork(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    public Vpc vpc(ClusterSpec spec) {
        try {
            return call("ec2:DescribeVpcs", () -> ec2.describeVpcs(r -> r.vpcIds(spec.vpcId()))).vpcs().get(0);
        } catch (AwsServiceException e) {
            if (hasCode(e, "InvalidVpcID.NotFound")) {
                throw InvalidSpecException.of("vpcId", "VPC " + spec.vpcId()
                        + " does not exist in this account and region; give the id of an existing VPC");
            }
            throw e;
        }
    }

    /** The spec's subnets, each checked to be in the spec's VPC. */
    public List<Subnet> subnets(ClusterSpec spec) {
        List<Subnet> subnets;
        try {
            subnets = call("ec2:DescribeSubnets", () -> ec2.describeSubnets(r -> r.subnetIds(spec.subnetIds()))).subnets();
        } catch (AwsServiceException e) {
            if (hasCode(e, "InvalidSubnetID.NotFound")) {
                throw InvalidSpecException.of("subnetIds", e.awsErrorDetails().errorMessage()
                        + "; give subnets of VPC " + spec.vpcId());
            }
            throw e;
        }
        List<InvalidSpecException.Violation> violations = new ArrayList<>();
        for (Subnet subnet : subnets) {
            if (!subnet.vpcId().equals(spec.vpcId())) {
                violations.add(new InvalidSpecException.Violation("subnetIds[" + spec.subnetIds().indexOf(subnet.subnetId()) + "]",
                        "subnet " + subnet.subnetId() + " is in " + subnet.vpcId() + ", not in vpcId " + spec.vpcId()));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidSpecException(violations);
        }
        return subnets;
    }

    /** The VPC's associated IPv4 and IPv6 CIDR blocks: the API's audience when the spec names none. */
    public static List<String> cidrsOf(Vpc vpc) {
        List<String> cidrs = new ArrayList<>();
        vpc.cidrBlockAssociationSet().stream()
                .filter(a -> a.cidrBlockState() == null || a.cidrBlockState().state() == VpcCidrBlockStateCode.ASSOCIATED)
                .forEach(a -> cidrs.add(a.cidrBlock()));
        if (cidrs.isEmpty() && vpc.cidrBlock() != null) {
            cidrs.add(vpc.cidrBlock());
        }
        vpc.ipv6CidrBlockAssociationSet().stream()
                .filter(a -> a.ipv6CidrBlockState() == null || "associated".equals(a.ipv6CidrBlockState().stateAsString()))
                .forEach(a -> cidrs.add(a.ipv6CidrBlock()));
        return cidrs;
    }
}
