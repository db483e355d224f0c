package io.consulfactory.local.cloud.ec2;

import io.consulfactory.local.cloud.LocalAws;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * VPCs and subnets: made by tests (or the API), looked up and filtered as EC2 does (the wire is {@link Ec2NetworkWire}).
 * Simplification: there is no default VPC (https://docs.aws.amazon.com/vpc/latest/userguide/default-vpc.html): every
 * VPC is one a test or a caller made, described with {@code isDefault} false, its subnets not default for their zone.
 */
public final class Ec2Network {

    record Vpc(String id, String cidr) {
    }

    record Subnet(String id, String vpcId, String cidr, String availabilityZone) {
        String arn() {
            return "arn:aws:ec2:" + availabilityZone.substring(0, availabilityZone.length() - 1) + ":" + LocalAws.ACCOUNT_ID
                    + ":subnet/" + id;
        }
    }

    private final LocalAws aws;
    private final Ec2Tags tags;
    private final Ec2SecurityGroups groups;
    private final Map<String, Vpc> vpcs = new LinkedHashMap<>();
    private final Map<String, Subnet> subnets = new LinkedHashMap<>();

    Ec2Network(LocalAws aws, Ec2Tags tags, Ec2SecurityGroups groups) {
        this.aws = aws;
        this.tags = tags;
        this.groups = groups;
    }

    void reset() {
        vpcs.clear();
        subnets.clear();
    }

    /**
     * A VPC with AWS's "default" security group, as every new VPC has
     * (https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html).
     */
    String addVpc(String cidr) {
        return addVpc(aws.newId("vpc"), cidr);
    }

    String addVpc(String id, String cidr) {
        vpcs.put(id, new Vpc(id, cidr));
        tags.register(id, "vpc");
        groups.createDefaultGroup(id);
        return id;
    }

    /** The availability zones the local subnets are in. */
    Set<String> availabilityZones() {
        Set<String> zones = new TreeSet<>();
        subnets.values().forEach(sn -> zones.add(sn.availabilityZone()));
        return zones;
    }

    String addSubnet(String vpcId, String cidr, String availabilityZone) {
        return addSubnet(aws.newId("subnet"), vpcId, cidr, availabilityZone);
    }

    String addSubnet(String id, String vpcId, String cidr, String availabilityZone) {
        requireVpc(vpcId);
        subnets.put(id, new Subnet(id, vpcId, cidr, availabilityZone));
        tags.register(id, "subnet");
        return id;
    }

    boolean hasVpc(String vpcId) {
        return vpcs.containsKey(vpcId);
    }

    /** The subnet, or AWS's {@code InvalidSubnetID.NotFound}. */
    Subnet subnet(String subnetId) {
        Subnet subnet = subnets.get(subnetId);
        if (subnet == null) {
            throw Ec2Errors.invalidSubnetIdNotFound(subnetId);
        }
        return subnet;
    }

    /** The VPC, or AWS's {@code InvalidVpcID.NotFound}. */
    Vpc vpc(String vpcId) {
        Vpc vpc = vpcs.get(vpcId);
        if (vpc == null) {
            throw Ec2Errors.invalidVpcIdNotFound(vpcId);
        }
        return vpc;
    }

    void requireVpc(String vpcId) {
        vpc(vpcId);
    }

    /** DescribeVpcs: the VPCs among {@code ids} (all when empty; each one known) that the filters keep. */
    List<Vpc> vpcs(List<String> ids, Ec2Filters filters) {
        List<Vpc> found = new ArrayList<>();
        for (Vpc vpc : vpcs.values()) {
            if ((ids.isEmpty() || ids.contains(vpc.id)) && filters.matches(tags.of(vpc.id), name -> switch (name) {
                case "vpc-id" -> List.of(vpc.id);
                case "cidr", "cidr-block-association.cidr-block" -> List.of(vpc.cidr);
                case "state" -> List.of("available");
                case "is-default" -> List.of("false");
                case "owner-id" -> List.of(LocalAws.ACCOUNT_ID);
                default -> null;
            })) {
                found.add(vpc);
            }
        }
        return found;
    }

    /** DescribeSubnets: the subnets among {@code ids} (all when empty; each one known) that the filters keep. */
    List<Subnet> subnets(List<String> ids, Ec2Filters filters) {
        List<Subnet> found = new ArrayList<>();
        for (Subnet subnet : subnets.values()) {
            if ((ids.isEmpty() || ids.contains(subnet.id)) && filters.matches(tags.of(subnet.id), name -> switch (name) {
                case "subnet-id" -> List.of(subnet.id);
                case "vpc-id" -> List.of(subnet.vpcId);
                case "availability-zone" -> List.of(subnet.availabilityZone);
                case "cidr-block", "cidr" -> List.of(subnet.cidr);
                case "state" -> List.of("available");
                default -> null;
            })) {
                found.add(subnet);
            }
        }
        return found;
    }
}
