package io.consulfactory.local.cloud.ec2;

import io.consulfactory.aws.AwsClients;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.cloud.LocalAws;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the software on the instances meets of EC2: its network and its console. */
@ExtendWith(LocalAwsExtension.class)
class Ec2HostsTest {

    private final Ec2Client ec2 = AwsClients.ec2();
    private LocalAws aws;
    private Network network;

    @BeforeEach
    void seed(LocalAws aws) {
        this.aws = aws;
        this.network = aws.ec2().seedDefaultNetwork();
    }

    private String group(String name) {
        return ec2.createSecurityGroup(r -> r.groupName(name).description(name).vpcId(network.vpcId())).groupId();
    }

    private String launch(String groupId) {
        return ec2.runInstances(r -> r.imageId(Ec2Images.UBUNTU_AMD64).instanceType("t3.small").minCount(1).maxCount(1)
                .subnetId(network.subnetIds().get(0)).securityGroupIds(groupId)).instances().get(0).instanceId();
    }

    @Test
    void trafficPassesWithEgressOnTheSenderAndIngressOnTheReceiverByGroupOrCidr() {
        String servers = group("servers");
        String other = group("other");
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(servers).ipPermissions(
                IpPermission.builder().ipProtocol("tcp").fromPort(8300).toPort(8301).userIdGroupPairs(p -> p.groupId(servers)).build(),
                IpPermission.builder().ipProtocol("udp").fromPort(8301).toPort(8301).ipRanges(i -> i.cidrIp("10.0.1.0/24")).build()));
        String a = launch(servers);
        String b = launch(servers);
        String c = launch(other);
        Ec2Hosts hosts = aws.ec2().hosts();

        assertTrue(hosts.permits(a, b, "tcp", 8301), "from the group itself, egress all by default");
        assertTrue(hosts.permits(a, b, "udp", 8301), "by the CIDR holding a's address");
        assertFalse(hosts.permits(a, b, "udp", 8302), "no rule for the port");
        assertFalse(hosts.permits(c, a, "tcp", 8300), "c is not in the group");
        assertTrue(hosts.permits(c, a, "udp", 8301), "but c's address is in the CIDR");

        ec2.revokeSecurityGroupEgress(r -> r.groupId(other).ipPermissions(IpPermission.builder().ipProtocol("-1")
                .ipRanges(i -> i.cidrIp("0.0.0.0/0")).build()));
        assertFalse(hosts.permits(c, a, "udp", 8301), "without egress on the sender");
    }

    @Test
    void latestConsoleOutputIsTheLast64Kb() {
        String id = launch(group("servers"));
        aws.clock().advance(Duration.ofMinutes(2));
        aws.ec2().instances(); // simulate: the instance runs
        for (int n = 0; n < 2000; n++) {
            aws.ec2().hosts().appendConsole(id, String.format("line %05d %s", n, "x".repeat(80)));
        }

        byte[] output = Base64.getDecoder().decode(ec2.getConsoleOutput(r -> r.instanceId(id).latest(true)).output());

        assertEquals(64 * 1024, output.length);
        String text = new String(output, StandardCharsets.UTF_8);
        assertTrue(text.endsWith(String.format("line %05d %s\r\n", 1999, "x".repeat(80))));
        assertFalse(text.contains("line 00000 "));
    }

    @Test
    void theTailOfShortLinesIsAllOfThem() {
        assertEquals("a\r\nb\r\n", new String(Ec2Instances.lastBytes(List.of("a", "b"), 100), StandardCharsets.UTF_8));
        assertEquals("\nb\r\n", new String(Ec2Instances.lastBytes(List.of("a", "b"), 4), StandardCharsets.UTF_8));
    }
}
