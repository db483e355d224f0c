package io.consulfactory.local.cloud.ec2;

import io.consulfactory.local.cloud.AwsError;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.QueryParams;
import io.consulfactory.local.cloud.Xml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.consulfactory.local.cloud.Xml.el;
import static io.consulfactory.local.cloud.Xml.node;

/** VPCs and subnets: made by tests (or the API), described as EC2 describes them. */
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

    /** A VPC with AWS's "default" security group, as every new VPC has. */
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
    java.util.Set<String> availabilityZones() {
        java.util.Set<String> zones = new java.util.TreeSet<>();
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
            throw AwsError.client("InvalidSubnetID.NotFound", "The subnet ID '" + subnetId + "' does not exist");
        }
        return subnet;
    }

    void requireVpc(String vpcId) {
        if (!vpcs.containsKey(vpcId)) {
            throw AwsError.client("InvalidVpcID.NotFound", "The vpc ID '" + vpcId + "' does not exist");
        }
    }

    Object createVpc(QueryParams p) {
        String id = addVpc(p.required("CidrBlock"));
        tags.of(id).putAll(Ec2Tags.fromSpecifications(p, "vpc"));
        return vpcXml("vpc", vpcs.get(id));
    }

    Object createSubnet(QueryParams p) {
        String zone = p.get("AvailabilityZone", LocalAws.DEFAULT_REGION + "a");
        String id = addSubnet(p.required("VpcId"), p.required("CidrBlock"), zone);
        tags.of(id).putAll(Ec2Tags.fromSpecifications(p, "subnet"));
        return subnetXml("subnet", subnets.get(id));
    }

    Object describeVpcs(QueryParams p) {
        List<String> ids = p.strings("VpcId");
        ids.forEach(this::requireVpc);
        Ec2Filters filters = Ec2Filters.parse(p);
        List<Xml> items = new ArrayList<>();
        for (Vpc vpc : vpcs.values()) {
            if ((ids.isEmpty() || ids.contains(vpc.id)) && filters.matches(tags.of(vpc.id), name -> switch (name) {
                case "vpc-id" -> List.of(vpc.id);
                case "cidr", "cidr-block-association.cidr-block" -> List.of(vpc.cidr);
                case "state" -> List.of("available");
                case "is-default" -> List.of("false");
                case "owner-id" -> List.of(LocalAws.ACCOUNT_ID);
                default -> null;
            })) {
                items.add(vpcXml("item", vpc));
            }
        }
        return node("vpcSet", items);
    }

    Object describeSubnets(QueryParams p) {
        List<String> ids = p.strings("SubnetId");
        ids.forEach(this::subnet);
        Ec2Filters filters = Ec2Filters.parse(p);
        List<Xml> items = new ArrayList<>();
        for (Subnet subnet : subnets.values()) {
            if ((ids.isEmpty() || ids.contains(subnet.id)) && filters.matches(tags.of(subnet.id), name -> switch (name) {
                case "subnet-id" -> List.of(subnet.id);
                case "vpc-id" -> List.of(subnet.vpcId);
                case "availability-zone" -> List.of(subnet.availabilityZone);
                case "cidr-block", "cidr" -> List.of(subnet.cidr);
                case "state" -> List.of("available");
                default -> null;
            })) {
                items.add(subnetXml("item", subnet));
            }
        }
        return node("subnetSet", items);
    }

    private Xml vpcXml(String element, Vpc vpc) {
        return node(element,
                el("vpcId", vpc.id), el("ownerId", LocalAws.ACCOUNT_ID), el("state", "available"), el("cidrBlock", vpc.cidr),
                node("cidrBlockAssociationSet", node("item", el("cidrBlock", vpc.cidr),
                        el("associationId", "vpc-cidr-assoc-" + vpc.id.substring(4)),
                        node("cidrBlockState", el("state", "associated")))),
                node("ipv6CidrBlockAssociationSet"),
                el("dhcpOptionsId", "dopt-0a1b2c3d4e5f60718"), el("instanceTenancy", "default"), el("isDefault", false),
                Xml.ec2Tags("tagSet", tags.of(vpc.id)));
    }

    private Xml subnetXml(String element, Subnet subnet) {
        return node(element,
                el("subnetId", subnet.id), el("subnetArn", subnet.arn()), el("state", "available"), el("vpcId", subnet.vpcId),
                el("cidrBlock", subnet.cidr), node("ipv6CidrBlockAssociationSet"),
                el("availableIpAddressCount", 251), el("availabilityZone", subnet.availabilityZone),
                el("availabilityZoneId", "use1-az" + (subnet.availabilityZone.charAt(subnet.availabilityZone.length() - 1) - 'a' + 1)),
                el("defaultForAz", false), el("mapPublicIpOnLaunch", false), el("ownerId", LocalAws.ACCOUNT_ID),
                Xml.ec2Tags("tagSet", tags.of(subnet.id)));
    }
}
