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
    private final Ec2Images images;
    private final Ec2Instances instances;

    public Ec2Service(LocalAws aws) {
        this.aws = aws;
        this.securityGroups = new Ec2SecurityGroups(aws, tags);
        this.network = new Ec2Network(aws, tags, securityGroups);
        this.images = new Ec2Images(aws, tags);
        this.instances = new Ec2Instances(aws, tags, network, securityGroups, images);
        images.wire(instances);
        securityGroups.wire(network::hasVpc, instances::usesGroup);
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
        instances.reset();
        network.reset();
        securityGroups.reset();
        tags.reset();
        images.reset();
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
            case "RunInstances" -> instances.run(p);
            case "DescribeInstances" -> instances.describe(p);
            case "TerminateInstances" -> instances.terminate(p);
            case "StopInstances" -> instances.stop(p);
            case "GetConsoleOutput" -> instances.consoleOutput(p);
            case "CreateImage" -> images.create(p);
            case "DescribeImages" -> images.describe(p);
            case "DeregisterImage" -> images.deregister(p);
            case "DescribeSnapshots" -> images.describeSnapshots(p);
            case "DeleteSnapshot" -> images.deleteSnapshot(p);
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

    /** How long EC2 takes from now on (boot, install, stop, terminate, image). */
    public void timings(Ec2Timings timings) {
        synchronized (aws) {
            instances.timings(timings);
        }
    }

    public Ec2Timings timings() {
        synchronized (aws) {
            return instances.timings();
        }
    }

    /** What the bake script of builders launched from now on does. */
    public void bakeOutcome(BakeOutcome outcome) {
        synchronized (aws) {
            instances.bakeOutcome(outcome);
        }
    }

    /** The next image made fails, with this reason. */
    public void failNextImage(String reason) {
        synchronized (aws) {
            images.failNextImage(reason);
        }
    }

    /** Every instance EC2 still describes, as "id state" with its tags, for tests to count and inspect. */
    public List<InstanceView> instances() {
        synchronized (aws) {
            return instances.all().stream().map(i -> new InstanceView(i.id, i.state.awsName, i.imageId, i.subnetId,
                    i.privateIp, java.util.Map.copyOf(tags.of(i.id)), i.userData, i.launchTemplateId, i.launchTemplateVersion)).toList();
        }
    }

    public List<String> securityGroupRules(String groupId) {
        synchronized (aws) {
            return securityGroups.rulesOf(groupId);
        }
    }
}
