package io.consulfactory.local.cloud.ec2;

import io.consulfactory.local.cloud.AwsError;
import io.consulfactory.local.cloud.AwsRequest;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.LocalService;
import io.consulfactory.local.cloud.Protocol;
import io.consulfactory.local.cloud.QueryParams;

import java.util.List;

/**
 * EC2 (its own query protocol, API version 2016-11-15). A thin dispatcher: each area of EC2 lives in its
 * own class, sharing one tag store ({@link Ec2Tags}) and one filter engine ({@link Ec2Filters}).
 */
public final class Ec2Service implements LocalService {

    private final LocalAws aws;
    private final Ec2Tags tags = new Ec2Tags();
    private final Ec2SecurityGroups securityGroups;
    private final Ec2Network network;

    public Ec2Service(LocalAws aws) {
        this.aws = aws;
        this.securityGroups = new Ec2SecurityGroups(aws, tags);
        this.network = new Ec2Network(aws, tags, securityGroups);
        securityGroups.wire(network::hasVpc, id -> false);
    }

    @Override
    public String signingName() {
        return "ec2";
    }

    @Override
    public Protocol protocol() {
        return Protocol.EC2_QUERY;
    }

    @Override
    public String xmlNamespace() {
        return "http://ec2.amazonaws.com/doc/2016-11-15/";
    }

    @Override
    public void reset() {
        network.reset();
        securityGroups.reset();
        tags.reset();
    }

    @Override
    public Object handle(AwsRequest request) {
        QueryParams p = request.params();
        return switch (request.action()) {
            case "CreateVpc" -> network.createVpc(p);
            case "CreateSubnet" -> network.createSubnet(p);
            case "DescribeVpcs" -> network.describeVpcs(p);
            case "DescribeSubnets" -> network.describeSubnets(p);
            case "CreateSecurityGroup" -> securityGroups.create(p);
            case "DeleteSecurityGroup" -> securityGroups.delete(p);
            case "DescribeSecurityGroups" -> securityGroups.describe(p);
            case "AuthorizeSecurityGroupIngress" -> securityGroups.authorize(p, false);
            case "AuthorizeSecurityGroupEgress" -> securityGroups.authorize(p, true);
            case "RevokeSecurityGroupIngress" -> securityGroups.revoke(p, false);
            case "RevokeSecurityGroupEgress" -> securityGroups.revoke(p, true);
            case "CreateTags" -> tags.createTags(p);
            case "DeleteTags" -> tags.deleteTags(p);
            case "DescribeTags" -> tags.describeTags(p);
            default -> throw AwsError.client("InvalidAction", "The action " + request.action() + " is not valid for this web service.");
        };
    }

    // Seeding and read access for tests and the standalone server: under the same lock as the calls.

    public String addVpc(String cidr) {
        synchronized (aws) {
            return network.addVpc(cidr);
        }
    }

    public String addSubnet(String vpcId, String cidr, String availabilityZone) {
        synchronized (aws) {
            return network.addSubnet(vpcId, cidr, availabilityZone);
        }
    }

    /** A VPC 10.0.0.0/16 with three subnets in us-east-1a, b and c. */
    public Network seedDefaultNetwork() {
        synchronized (aws) {
            String vpc = network.addVpc("10.0.0.0/16");
            List<String> subnets = List.of(
                    network.addSubnet(vpc, "10.0.1.0/24", "us-east-1a"),
                    network.addSubnet(vpc, "10.0.2.0/24", "us-east-1b"),
                    network.addSubnet(vpc, "10.0.3.0/24", "us-east-1c"));
            return new Network(vpc, "10.0.0.0/16", subnets);
        }
    }

    public List<String> securityGroupRules(String groupId) {
        synchronized (aws) {
            return securityGroups.rulesOf(groupId);
        }
    }
}
