package io.consulfactory.local.cloud.ec2;

import io.consulfactory.aws.AwsClients;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.cloud.LocalAws;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.Activity;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What EC2 refuses a launch for besides its parameters' shape, through the real SDK: a type it does not offer, the
 * account's On-Demand vCPU quota, a zone without capacity; and Auto Scaling's launches obey the same rules.
 */
@ExtendWith(LocalAwsExtension.class)
class Ec2LaunchLimitsTest {

    private static final String QUOTA_MESSAGE = "You have requested more vCPU capacity than your current vCPU limit of %d"
            + " allows for the instance bucket that the specified instance type belongs to. Please visit"
            + " http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.";

    private final Ec2Client ec2 = AwsClients.ec2();
    private final AutoScalingClient autoScaling = AwsClients.autoScaling();
    private Network network;

    @BeforeEach
    void network(LocalAws aws) {
        network = aws.ec2().seedDefaultNetwork();
    }

    private List<Instance> run(int min, int max, String subnet, Consumer<RunInstancesRequest.Builder> more) {
        return ec2.runInstances(r -> {
            r.imageId(Ec2Images.UBUNTU_AMD64).instanceType("t3.small").minCount(min).maxCount(max).subnetId(subnet);
            more.accept(r);
        }).instances();
    }

    private List<Instance> run(int count) {
        return run(count, count, network.subnetIds().get(0), r -> { });
    }

    private static Ec2Exception refused(Runnable call) {
        return assertThrows(Ec2Exception.class, call::run);
    }

    @Test
    void aTypeEc2DoesNotOfferIsInvalidParameterValue() {
        for (String type : List.of("t3.nano-ish", "m5n.large", "t3.nano")) {
            Ec2Exception e = refused(() -> run(1, 1, network.subnetIds().get(0), r -> r.instanceType(type)));
            assertEquals("InvalidParameterValue", e.awsErrorDetails().errorCode());
            assertEquals("Invalid value '" + type + "' for InstanceType.", e.awsErrorDetails().errorMessage());
        }
        Ec2Exception noType = refused(() -> run(1, 1, network.subnetIds().get(0), r -> r.instanceType((String) null)));
        assertEquals("Invalid value 'm1.small' for InstanceType.", noType.awsErrorDetails().errorMessage(),
                "EC2's default type is outside the catalogue");
    }

    @Test
    void autoScalingsLaunchFromATemplateWithATypeEc2DoesNotOfferFails(LocalAws aws) {
        group(aws, 1, "m5n.large");

        assertEquals(List.of(), instancesOfTheGroup());
        Activity failed = autoScaling.describeScalingActivities(r -> r.autoScalingGroupName("servers")).activities().get(0);
        assertEquals("Invalid value 'm5n.large' for InstanceType. Launching EC2 instance failed.", failed.statusMessage());
    }

    @Test
    void launchesOverTheVcpuQuotaAreVcpuLimitExceededWithAwssMessage(LocalAws aws) {
        aws.ec2().onDemandStandardVcpuQuota(6); // three t3.small (2 vCPUs each)
        List<Instance> two = run(2);

        Ec2Exception e = refused(() -> run(2));
        assertEquals("VcpuLimitExceeded", e.awsErrorDetails().errorCode());
        assertEquals(String.format(QUOTA_MESSAGE, 6), e.awsErrorDetails().errorMessage());
        assertEquals(400, e.statusCode());

        assertEquals(1, run(1, 3, network.subnetIds().get(0), r -> { }).size(), "as many as fit, from MinCount to MaxCount");
        assertEquals("VcpuLimitExceeded", refused(() -> run(1)).awsErrorDetails().errorCode());

        ec2.stopInstances(r -> r.instanceIds(two.get(0).instanceId()));
        aws.clock().advance(Duration.ofMinutes(5));
        assertEquals(1, run(1).size(), "a stopped instance's vCPUs no longer count");
        assertEquals(6, aws.ec2().onDemandStandardVcpuQuota());
    }

    @Test
    void autoScalingsLaunchesObeyTheQuotaAndFailWithTheActivitysReason(LocalAws aws) {
        aws.ec2().onDemandStandardVcpuQuota(4);

        group(aws, 3);

        assertEquals(2, instancesOfTheGroup().size());
        Activity failed = autoScaling.describeScalingActivities(r -> r.autoScalingGroupName("servers")).activities().get(0);
        assertEquals("Failed", failed.statusCodeAsString());
        assertEquals(String.format(QUOTA_MESSAGE, 4) + " Launching EC2 instance failed.", failed.statusMessage());
    }

    @Test
    void aZoneWithoutCapacityIsInsufficientInstanceCapacityUntilCleared(LocalAws aws) {
        aws.ec2().insufficientCapacity("us-east-1a");

        Ec2Exception e = refused(() -> run(1));
        assertEquals("InsufficientInstanceCapacity", e.awsErrorDetails().errorCode());
        assertEquals(500, e.statusCode(), "a server error: the SDK retried it first");
        assertEquals("We currently do not have sufficient t3.small capacity in the Availability Zone you requested"
                + " (us-east-1a). Our system will be working on provisioning additional capacity. You can currently get"
                + " t3.small capacity by not specifying an Availability Zone in your request or choosing us-east-1b,"
                + " us-east-1c.", e.awsErrorDetails().errorMessage());
        assertEquals("us-east-1b", run(1, 1, network.subnetIds().get(1), r -> { }).get(0).placement().availabilityZone());

        aws.ec2().clearInsufficientCapacity("us-east-1a");
        assertEquals("us-east-1a", run(1).get(0).placement().availabilityZone());
    }

    @Test
    void autoScalingLaunchesInTheOtherZonesWhenOneHasNoCapacity(LocalAws aws) {
        aws.ec2().insufficientCapacity("us-east-1a");

        group(aws, 3);

        List<Instance> instances = instancesOfTheGroup();
        assertEquals(3, instances.size());
        assertTrue(instances.stream().noneMatch(i -> i.placement().availabilityZone().equals("us-east-1a")));
        assertTrue(autoScaling.describeScalingActivities(r -> r.autoScalingGroupName("servers")).activities().stream()
                .anyMatch(a -> a.statusCodeAsString().equals("Failed") && a.statusMessage().startsWith(
                        "We currently do not have sufficient t3.small capacity in the Availability Zone you requested (us-east-1a).")));
    }

    private void group(LocalAws aws, int desired) {
        group(aws, desired, "t3.small");
    }

    private void group(LocalAws aws, int desired, String type) {
        String template = ec2.createLaunchTemplate(r -> r.launchTemplateName("servers").launchTemplateData(d -> d
                .imageId(Ec2Images.UBUNTU_AMD64).instanceType(type))).launchTemplate().launchTemplateId();
        autoScaling.createAutoScalingGroup(r -> r.autoScalingGroupName("servers")
                .launchTemplate(t -> t.launchTemplateId(template).version("1")).minSize(0).maxSize(desired)
                .desiredCapacity(desired).vpcZoneIdentifier(String.join(",", network.subnetIds())));
        aws.clock().advance(Duration.ofMinutes(1));
    }

    private List<Instance> instancesOfTheGroup() {
        return ec2.describeInstances(r -> r.filters(f -> f.name("tag:aws:autoscaling:groupName").values("servers")))
                .reservations().stream().flatMap(r -> r.instances().stream()).toList();
    }
}
