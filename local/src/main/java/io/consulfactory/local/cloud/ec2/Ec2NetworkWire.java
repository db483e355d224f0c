package io.consulfactory.local.cloud.ec2;

import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.QueryParams;
import io.consulfactory.local.cloud.Xml;

import java.util.List;

import static io.consulfactory.local.cloud.Xml.el;
import static io.consulfactory.local.cloud.Xml.node;

/** CreateVpc, CreateSubnet, DescribeVpcs and DescribeSubnets on the wire, over {@link Ec2Network}. */
final class Ec2NetworkWire {

    private final Ec2Network network;
    private final Ec2Tags tags;

    Ec2NetworkWire(Ec2Network network, Ec2Tags tags) {
        this.network = network;
        this.tags = tags;
    }

    Object createVpc(QueryParams p) {
        String id = network.addVpc(p.required("CidrBlock"));
        tags.of(id).putAll(Ec2TagsWire.fromSpecifications(p, "vpc"));
        return vpcXml("vpc", network.vpc(id));
    }

    Object createSubnet(QueryParams p) {
        String zone = p.get("AvailabilityZone", LocalAws.DEFAULT_REGION + "a");
        String id = network.addSubnet(p.required("VpcId"), p.required("CidrBlock"), zone);
        tags.of(id).putAll(Ec2TagsWire.fromSpecifications(p, "subnet"));
        return subnetXml("subnet", network.subnet(id));
    }

    Object describeVpcs(QueryParams p) {
        List<String> ids = p.strings("VpcId");
        ids.forEach(network::requireVpc);
        List<Xml> items = network.vpcs(ids, Ec2FiltersWire.parse(p)).stream().map(vpc -> vpcXml("item", vpc)).toList();
        return node("vpcSet", items);
    }

    Object describeSubnets(QueryParams p) {
        List<String> ids = p.strings("SubnetId");
        ids.forEach(network::subnet);
        List<Xml> items = network.subnets(ids, Ec2FiltersWire.parse(p)).stream().map(sn -> subnetXml("item", sn)).toList();
        return node("subnetSet", items);
    }

    private Xml vpcXml(String element, Ec2Network.Vpc vpc) {
        return node(element,
                el("vpcId", vpc.id()), el("ownerId", LocalAws.ACCOUNT_ID), el("state", "available"), el("cidrBlock", vpc.cidr()),
                node("cidrBlockAssociationSet", node("item", el("cidrBlock", vpc.cidr()),
                        el("associationId", "vpc-cidr-assoc-" + vpc.id().substring(4)),
                        node("cidrBlockState", el("state", "associated")))),
                node("ipv6CidrBlockAssociationSet"),
                el("dhcpOptionsId", "dopt-0a1b2c3d4e5f60718"), el("instanceTenancy", "default"), el("isDefault", false),
                Xml.ec2Tags("tagSet", tags.of(vpc.id())));
    }

    private Xml subnetXml(String element, Ec2Network.Subnet subnet) {
        String zone = subnet.availabilityZone();
        return node(element,
                el("subnetId", subnet.id()), el("subnetArn", subnet.arn()), el("state", "available"), el("vpcId", subnet.vpcId()),
                el("cidrBlock", subnet.cidr()), node("ipv6CidrBlockAssociationSet"),
                el("availableIpAddressCount", 251), el("availabilityZone", zone),
                el("availabilityZoneId", "use1-az" + (zone.charAt(zone.length() - 1) - 'a' + 1)),
                el("defaultForAz", false), el("mapPublicIpOnLaunch", false), el("ownerId", LocalAws.ACCOUNT_ID),
                Xml.ec2Tags("tagSet", tags.of(subnet.id())));
    }
}
