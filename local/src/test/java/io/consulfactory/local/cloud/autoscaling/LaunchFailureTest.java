package io.consulfactory.local.cloud.autoscaling;

import io.consulfactory.aws.AwsClients;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.Ec2Images;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.autoscaling.model.Activity;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefresh;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A launch EC2 refuses is a failed scaling activity with EC2's message, the refresh that needed it fails with that
 * reason, and the local AWS keeps answering every other call (IAM's included) as before.
 */
@ExtendWith(LocalAwsExtension.class)
class LaunchFailureTest {

    private GroupFixture f;
    private String foreignGroup;

    @BeforeEach
    void threeServersAndASecurityGroupOfAnotherVpc(LocalAws aws) {
        f = new GroupFixture(aws);
        f.createGroup(3, r -> { });
        f.advance(Duration.ofMinutes(2));
        assertEquals(List.of("InService", "InService", "InService"), f.states());
        String otherVpc = f.ec2.createVpc(r -> r.cidrBlock("10.9.0.0/16")).vpc().vpcId();
        foreignGroup = f.ec2.createSecurityGroup(r -> r.groupName("elsewhere").description("another network")
                .vpcId(otherVpc)).groupId();
        f.ec2.createLaunchTemplateVersion(r -> r.launchTemplateId(f.templateId).sourceVersion("1")
                .launchTemplateData(d -> d.securityGroupIds(foreignGroup)));
    }

    @Test
    void runInstancesWithASecurityGroupOfAnotherNetworkIsEc2sInvalidParameter() {
        Ec2Exception e = assertThrows(Ec2Exception.class, () -> f.ec2.runInstances(r -> r.imageId(Ec2Images.UBUNTU_AMD64)
                .instanceType("t3.small").minCount(1).maxCount(1).subnetId(f.network.subnetIds().get(0))
                .securityGroupIds(foreignGroup)));

        assertEquals("InvalidParameter", e.awsErrorDetails().errorCode());
        assertEquals("Security group " + foreignGroup + " and subnet " + f.network.subnetIds().get(0)
                + " belong to different networks.", e.awsErrorDetails().errorMessage());
    }

    @Test
    void aRefreshIntoAnotherNetworkFailsWithEc2sReasonAndTheServersKeepServing(LocalAws aws) {
        List<String> before = f.ids();

        f.autoScaling.startInstanceRefresh(r -> r.autoScalingGroupName(GroupFixture.GROUP)
                .desiredConfiguration(d -> d.launchTemplate(t -> t.launchTemplateId(f.templateId).version("2")))
                .preferences(p -> p.minHealthyPercentage(100).maxHealthyPercentage(200)));
        f.advance(Duration.ofSeconds(30));

        InstanceRefresh refresh = f.autoScaling.describeInstanceRefreshes(r -> r.autoScalingGroupName(GroupFixture.GROUP))
                .instanceRefreshes().get(0);
        assertEquals("Failed", refresh.statusAsString());
        assertTrue(refresh.statusReason().contains("belong to different networks. Launching EC2 instance failed."),
                refresh.statusReason());
        assertEquals(before, f.ids(), "the old servers are untouched");

        Activity failed = f.autoScaling.describeScalingActivities(r -> r.autoScalingGroupName(GroupFixture.GROUP))
                .activities().get(0);
        assertEquals("Failed", failed.statusCodeAsString());
        assertTrue(failed.statusMessage().startsWith("Security group " + foreignGroup + " and subnet subnet-"), failed.statusMessage());
        assertTrue(failed.description().startsWith("Launching a new EC2 instance.  Status Reason: Security group "), failed.description());

        answersEveryOtherCall(aws);
    }

    @Test
    void aGroupUpdatedIntoAnotherNetworkRecordsFailedLaunchesAndNoCallFails(LocalAws aws) {
        f.autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName(GroupFixture.GROUP).desiredCapacity(4)
                .launchTemplate(t -> t.launchTemplateId(f.templateId).version("2")));
        f.advance(Duration.ofMinutes(2));

        assertEquals(3, f.ids().size(), "the fourth server cannot be launched");
        List<Activity> activities = f.autoScaling.describeScalingActivities(r -> r.autoScalingGroupName(GroupFixture.GROUP))
                .activities();
        long failures = activities.stream().filter(a -> a.statusCodeAsString().equals("Failed")).count();
        assertTrue(failures >= 2 && failures <= 6, "tried again with a back-off, not every 5 s: " + failures);
        assertEquals(3, activities.stream().filter(a -> a.statusCodeAsString().equals("Successful")).count());

        answersEveryOtherCall(aws);
    }

    private void answersEveryOtherCall(LocalAws aws) {
        AwsClients.iam().createRole(r -> r.roleName("after-the-failure").assumeRolePolicyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},"
                        + "\"Action\":\"sts:AssumeRole\"}]}"));
        assertEquals("after-the-failure", AwsClients.iam().getRole(r -> r.roleName("after-the-failure")).role().roleName());
        assertEquals(3, f.ec2.describeInstances().reservations().stream().mapToLong(r -> r.instances().size()).sum());
        assertEquals(GroupFixture.GROUP, f.group().autoScalingGroupName());
        assertEquals(List.of(), aws.simulationFailures());
    }
}
