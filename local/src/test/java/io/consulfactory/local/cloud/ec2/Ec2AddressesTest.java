package io.consulfactory.local.cloud.ec2;

import io.consulfactory.aws.AwsClients;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.cloud.LocalAws;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A subnet's private addresses, as EC2 hands them out: the first four and the last reserved, a full subnet refused. */
@ExtendWith(LocalAwsExtension.class)
class Ec2AddressesTest {

    private final Ec2Client ec2 = AwsClients.ec2();

    @Test
    void aFullSubnetRefusesTheNextInstanceUntilATerminatedOneFreesItsAddress(LocalAws aws) {
        String vpc = aws.ec2().addVpc("10.9.0.0/16");
        String subnet = aws.ec2().addSubnet(vpc, "10.9.0.16/28", "us-east-1a"); // 16 addresses, 11 usable: .20 to .30
        String image = aws.ec2().publishUbuntuImage("x86_64");

        List<String> ips = ec2.runInstances(r -> r.imageId(image).instanceType("t3.small").subnetId(subnet).minCount(11).maxCount(11))
                .instances().stream().map(Instance::privateIpAddress).sorted().toList();
        assertEquals(List.of("10.9.0.20", "10.9.0.21", "10.9.0.22", "10.9.0.23", "10.9.0.24", "10.9.0.25", "10.9.0.26",
                "10.9.0.27", "10.9.0.28", "10.9.0.29", "10.9.0.30"), ips);

        Ec2Exception full = assertThrows(Ec2Exception.class, () -> launchOne(image, subnet));
        assertEquals("InsufficientFreeAddressesInSubnet", full.awsErrorDetails().errorCode());

        String first = ec2.describeInstances(r -> r.filters(f -> f.name("private-ip-address").values("10.9.0.25")))
                .reservations().get(0).instances().get(0).instanceId();
        ec2.terminateInstances(r -> r.instanceIds(first));
        aws.clock().advance(Duration.ofMinutes(2));
        assertEquals("10.9.0.25", launchOne(image, subnet).privateIpAddress(), "the terminated instance's address");
    }

    private Instance launchOne(String image, String subnet) {
        return ec2.runInstances(r -> r.imageId(image).instanceType("t3.small").subnetId(subnet).minCount(1).maxCount(1))
                .instances().get(0);
    }
}
