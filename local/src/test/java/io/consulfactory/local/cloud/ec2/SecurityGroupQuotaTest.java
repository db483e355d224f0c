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
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The 60-rule quota per security group, direction and IP family, through the real SDK. */
@ExtendWith(LocalAwsExtension.class)
class SecurityGroupQuotaTest {

    private final Ec2Client ec2 = AwsClients.ec2();
    private String group;
    private String peer;

    @BeforeEach
    void aGroup(LocalAws aws) {
        Network network = aws.ec2().seedDefaultNetwork();
        group = ec2.createSecurityGroup(r -> r.groupName("consul").description("test").vpcId(network.vpcId())).groupId();
        peer = ec2.createSecurityGroup(r -> r.groupName("peer").description("test").vpcId(network.vpcId())).groupId();
    }

    private static List<IpRange> ipv4(int from, int count) {
        return IntStream.range(from, from + count).mapToObj(n -> IpRange.builder().cidrIp("10.1." + n + ".0/24").build()).toList();
    }

    private static IpPermission tcp(int port, List<IpRange> ranges) {
        return IpPermission.builder().ipProtocol("tcp").fromPort(port).toPort(port).ipRanges(ranges).build();
    }

    private void ingress(IpPermission... permissions) {
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(permissions));
    }

    private static void assertQuota(Ec2Exception e) {
        assertEquals("RulesPerSecurityGroupLimitExceeded", e.awsErrorDetails().errorCode());
        assertEquals("The maximum number of rules per security group has been reached.", e.awsErrorDetails().errorMessage());
        assertEquals(400, e.statusCode());
    }

    @Test
    void eachCidrOfAPermissionCountsAndTheSixtyFirstInboundRuleIsRefused() {
        ingress(tcp(8300, ipv4(0, 40)), tcp(8301, ipv4(0, 20)));

        assertQuota(assertThrows(Ec2Exception.class, () -> ingress(tcp(8302, ipv4(0, 1)))));
        assertQuota(assertThrows(Ec2Exception.class, () -> ingress(IpPermission.builder().ipProtocol("tcp").fromPort(8302)
                .toPort(8302).userIdGroupPairs(p -> p.groupId(peer)).build())));
        assertEquals(60, ec2.describeSecurityGroups(r -> r.groupIds(group)).securityGroups().get(0).ipPermissions().stream()
                .mapToInt(p -> p.ipRanges().size()).sum(), "a refused call adds nothing");
    }

    @Test
    void aCallThatWouldGoOverAddsNoneOfItsRules() {
        ingress(tcp(8300, ipv4(0, 50)));

        assertQuota(assertThrows(Ec2Exception.class, () -> ingress(tcp(8301, ipv4(0, 11)))));
        ingress(tcp(8301, ipv4(0, 10)));
    }

    @Test
    void inboundAndOutboundAndIpv4AndIpv6AreCountedApart() {
        ingress(tcp(8300, ipv4(0, 60)));
        ingress(IpPermission.builder().ipProtocol("tcp").fromPort(8300).toPort(8300).ipv6Ranges(IntStream.range(0, 60)
                .mapToObj(n -> Ipv6Range.builder().cidrIpv6("2001:db8:" + Integer.toHexString(n) + "::/48").build()).toList()).build());
        // Outbound: the group's all-traffic 0.0.0.0/0 rule is one of its 60.
        ec2.authorizeSecurityGroupEgress(r -> r.groupId(group).ipPermissions(tcp(443, ipv4(0, 59))));

        assertQuota(assertThrows(Ec2Exception.class, () -> ec2.authorizeSecurityGroupEgress(r -> r.groupId(group)
                .ipPermissions(tcp(80, ipv4(0, 1))))));
        assertQuota(assertThrows(Ec2Exception.class, () -> ingress(IpPermission.builder().ipProtocol("tcp").fromPort(8301)
                .toPort(8301).ipv6Ranges(r -> r.cidrIpv6("2001:db8:ffff::/48")).build())));
    }
}
