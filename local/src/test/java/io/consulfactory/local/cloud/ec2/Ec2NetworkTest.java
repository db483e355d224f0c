package io.consulfactory.local.cloud.ec2;

import io.consulfactory.aws.AwsClients;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.cloud.LocalAws;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(LocalAwsExtension.class)
class Ec2NetworkTest {

    private final Ec2Client ec2 = AwsClients.ec2();
    private LocalAws aws;
    private Network network;

    @BeforeEach
    void seed(LocalAws aws) {
        this.aws = aws;
        this.network = aws.ec2().seedDefaultNetwork();
    }

    private String group(String name) {
        return ec2.createSecurityGroup(r -> r.groupName(name).description("test").vpcId(network.vpcId())
                .tagSpecifications(t -> t.resourceType(ResourceType.SECURITY_GROUP).tags(g -> g.key("team").value("core")))).groupId();
    }

    private SecurityGroup describe(String id) {
        return ec2.describeSecurityGroups(r -> r.groupIds(id)).securityGroups().get(0);
    }

    private static String code(Ec2Exception e) {
        return e.awsErrorDetails().errorCode();
    }

    @Test
    void vpcsAndSubnetsAreDescribedAndUnknownIdsAreEc2sNotFoundErrors() {
        assertEquals("10.0.0.0/16", ec2.describeVpcs(r -> r.vpcIds(network.vpcId())).vpcs().get(0).cidrBlock());
        assertEquals(List.of("us-east-1a", "us-east-1b", "us-east-1c"), ec2.describeSubnets(r -> r.filters(f -> f.name("vpc-id")
                .values(network.vpcId()))).subnets().stream().map(s -> s.availabilityZone()).toList());

        assertEquals("InvalidVpcID.NotFound", code(assertThrows(Ec2Exception.class, () -> ec2.describeVpcs(r -> r.vpcIds("vpc-0123456789abcdef0")))));
        assertEquals("InvalidSubnetID.NotFound", code(assertThrows(Ec2Exception.class, () -> ec2.describeSubnets(r -> r.subnetIds("subnet-01234567")))));
    }

    @Test
    void aNewGroupIsTaggedAtCreationAndStartsWithEc2sAllTrafficEgressRule() {
        SecurityGroup g = describe(group("consul"));

        assertEquals("core", g.tags().get(0).value());
        assertEquals(1, g.ipPermissionsEgress().size());
        assertEquals("-1", g.ipPermissionsEgress().get(0).ipProtocol());
        assertEquals("0.0.0.0/0", g.ipPermissionsEgress().get(0).ipRanges().get(0).cidrIp());
        assertTrue(g.ipPermissions().isEmpty());
        assertEquals("InvalidGroup.Duplicate", code(assertThrows(Ec2Exception.class, () -> group("consul"))));
        assertEquals("InvalidVpcID.NotFound", code(assertThrows(Ec2Exception.class, () -> ec2.createSecurityGroup(r -> r
                .groupName("x").description("x").vpcId("vpc-0123456789abcdef0")))));
    }

    @Test
    void rulesAreGroupedByProtocolAndPortsAndADuplicateRejectsTheWholeCall() {
        String id = group("consul");
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(id).ipPermissions(
                IpPermission.builder().ipProtocol("tcp").fromPort(8300).toPort(8300).userIdGroupPairs(p -> p.groupId(id)).build(),
                IpPermission.builder().ipProtocol("tcp").fromPort(8500).toPort(8500).ipRanges(i -> i.cidrIp("10.0.0.0/16"))
                        .ipv6Ranges(i -> i.cidrIpv6("2001:db8::/32")).build(),
                IpPermission.builder().ipProtocol("6").fromPort(8500).toPort(8500).ipRanges(i -> i.cidrIp("10.1.0.0/16")).build()));

        List<IpPermission> in = describe(id).ipPermissions();
        assertEquals(2, in.size(), "tcp/8300 and tcp/8500, the latter with three peers");
        IpPermission api = in.get(1);
        assertEquals(List.of("10.0.0.0/16", "10.1.0.0/16"), api.ipRanges().stream().map(r -> r.cidrIp()).toList());
        assertEquals("2001:db8::/32", api.ipv6Ranges().get(0).cidrIpv6());
        assertEquals(id, in.get(0).userIdGroupPairs().get(0).groupId());

        Ec2Exception duplicate = assertThrows(Ec2Exception.class, () -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(id).ipPermissions(
                IpPermission.builder().ipProtocol("udp").fromPort(8600).toPort(8600).ipRanges(i -> i.cidrIp("10.0.0.0/16")).build(),
                IpPermission.builder().ipProtocol("tcp").fromPort(8500).toPort(8500).ipRanges(i -> i.cidrIp("10.0.0.0/16")).build())));
        assertEquals("InvalidPermission.Duplicate", code(duplicate));
        assertEquals("the specified rule \"peer: 10.0.0.0/16, TCP, from port: 8500, to port: 8500, ALLOW\" already exists",
                duplicate.awsErrorDetails().errorMessage());
        assertEquals(2, describe(id).ipPermissions().size(), "nothing of the failed call was added");
    }

    @Test
    void revokingRemovesTheRuleAndReportsRulesThatWereNotThere() {
        String id = group("consul");

        var response = ec2.revokeSecurityGroupEgress(r -> r.groupId(id).ipPermissions(
                IpPermission.builder().ipProtocol("-1").ipRanges(i -> i.cidrIp("0.0.0.0/0")).build(),
                IpPermission.builder().ipProtocol("tcp").fromPort(1).toPort(2).ipRanges(i -> i.cidrIp("10.9.0.0/16")).build()));

        assertTrue(response.returnValue());
        assertEquals(1, response.unknownIpPermissions().size());
        assertTrue(describe(id).ipPermissionsEgress().isEmpty());
    }

    @Test
    void malformedCidrsAndUnknownGroupsAreRejected() {
        String id = group("consul");

        assertEquals("InvalidParameterValue", code(assertThrows(Ec2Exception.class, () -> ec2.authorizeSecurityGroupIngress(r -> r
                .groupId(id).ipPermissions(p -> p.ipProtocol("tcp").fromPort(1).toPort(1).ipRanges(i -> i.cidrIp("10.0.0.1/99")))))));
        assertEquals("InvalidGroup.NotFound", code(assertThrows(Ec2Exception.class, () -> ec2.describeSecurityGroups(r -> r
                .groupIds("sg-0123456789abcdef0")))));
        assertEquals("InvalidGroupId.Malformed", code(assertThrows(Ec2Exception.class, () -> ec2.describeSecurityGroups(r -> r
                .groupIds("sg-nope")))));
    }

    @Test
    void filtersMatchTagsWildcardsAndAttributesAndTagsCanBeChanged() {
        String id = group("consul-a");
        group("other");

        assertEquals(List.of(id), ec2.describeSecurityGroups(r -> r.filters(f -> f.name("group-name").values("consul-*"),
                f -> f.name("tag:team").values("core"))).securityGroups().stream().map(SecurityGroup::groupId).toList());
        assertEquals(3, ec2.describeSecurityGroups(r -> r.filters(f -> f.name("vpc-id").values(network.vpcId())))
                .securityGroups().size(), "two made plus the VPC's default group");

        ec2.createTags(r -> r.resources(id).tags(t -> t.key("env").value("prod")));
        ec2.deleteTags(r -> r.resources(id).tags(t -> t.key("team")));
        assertEquals(List.of("env"), ec2.describeTags(r -> r.filters(f -> f.name("resource-id").values(id))).tags()
                .stream().map(t -> t.key()).toList());
        assertEquals("InvalidGroup.NotFound", code(assertThrows(Ec2Exception.class, () -> ec2.createTags(r -> r
                .resources("sg-0123456789abcdef0").tags(t -> t.key("a").value("b"))))));
        assertEquals("InvalidParameterValue", code(assertThrows(Ec2Exception.class, () -> ec2.describeSecurityGroups(r -> r
                .filters(f -> f.name("no-such-filter").values("x"))))));
    }

    @Test
    void aThrottledDescribeIsRetriedByTheSdk() {
        aws.faults().throttle("ec2", "DescribeSecurityGroups", 1);

        assertEquals(1, ec2.describeSecurityGroups().securityGroups().size());
        assertEquals("RequestLimitExceeded", aws.calls().of("ec2", "DescribeSecurityGroups").get(0).errorCode());
    }
}
