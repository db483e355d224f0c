package io.consulfactory.local.cloud.autoscaling;

import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.InstanceView;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.SuspendedProcess;
import software.amazon.awssdk.services.autoscaling.model.Tag;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.consulfactory.local.cloud.autoscaling.GroupFixture.GROUP;
import static io.consulfactory.local.cloud.autoscaling.GroupFixture.code;
import static io.consulfactory.local.cloud.autoscaling.GroupFixture.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Suspended processes and the group's tags, through the real SDK. */
@ExtendWith(LocalAwsExtension.class)
class ProcessesAndTagsTest {

    private LocalAws aws;
    private GroupFixture f;
    private AutoScalingClient autoScaling;

    @BeforeEach
    void seed(LocalAws aws) {
        this.aws = aws;
        this.f = new GroupFixture(aws);
        this.autoScaling = f.autoScaling;
    }

    private static Tag tag(String key, String value, boolean propagate) {
        return Tag.builder().resourceId(GROUP).resourceType("auto-scaling-group").key(key).value(value)
                .propagateAtLaunch(propagate).build();
    }

    private Map<String, String> ec2Tags(String instanceId) {
        return aws.ec2().instances().stream().filter(i -> i.instanceId().equals(instanceId)).findFirst()
                .map(InstanceView::tags).orElseThrow();
    }

    @Test
    void whileLaunchIsSuspendedTheGroupLaunchesNothing() {
        f.createGroup(0, r -> { });
        autoScaling.suspendProcesses(r -> r.autoScalingGroupName(GROUP).scalingProcesses("Launch"));

        autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName(GROUP).desiredCapacity(1));
        f.advance(Duration.ofMinutes(10));

        assertTrue(f.group().instances().isEmpty(), "desired 1, but Launch is suspended");
        assertTrue(aws.ec2().instances().isEmpty());
        SuspendedProcess suspended = f.group().suspendedProcesses().get(0);
        assertEquals("Launch", suspended.processName());
        assertTrue(suspended.suspensionReason().matches("User suspended at \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"),
                suspended.suspensionReason());

        autoScaling.resumeProcesses(r -> r.autoScalingGroupName(GROUP).scalingProcesses("Launch"));
        f.advance(Duration.ofSeconds(5));

        assertEquals(1, f.group().instances().size());
        assertTrue(f.group().suspendedProcesses().isEmpty());
    }

    @Test
    void withLaunchSuspendedAnUnhealthyInstanceIsTerminatedButNotReplaced() {
        f.createGroup(1, r -> { });
        f.advance(Duration.ofMinutes(2));
        String id = f.ids().get(0);
        autoScaling.suspendProcesses(r -> r.autoScalingGroupName(GROUP).scalingProcesses("Launch"));

        f.ec2.stopInstances(r -> r.instanceIds(id));
        f.advance(Duration.ofMinutes(2));

        assertTrue(f.group().instances().isEmpty(), "ReplaceUnhealthy terminated it; Launch may not replace it");
        autoScaling.resumeProcesses(r -> r.autoScalingGroupName(GROUP));
        f.advance(Duration.ofSeconds(5));
        assertEquals(1, f.group().instances().size(), "replaced once Launch is resumed");
    }

    @Test
    void suspendingEveryProcessListsAllNineAndUnknownNamesAreRefused() {
        f.createGroup(0, r -> { });

        autoScaling.suspendProcesses(r -> r.autoScalingGroupName(GROUP));

        assertEquals(List.of("Launch", "Terminate", "AddToLoadBalancer", "AlarmNotification", "AZRebalance", "HealthCheck",
                "InstanceRefresh", "ReplaceUnhealthy", "ScheduledActions"), f.group().suspendedProcesses().stream()
                .map(SuspendedProcess::processName).toList());
        assertEquals(9, autoScaling.describeScalingProcessTypes().processes().size());
        assertEquals("ValidationError", code(error(() -> autoScaling.suspendProcesses(r -> r.autoScalingGroupName(GROUP)
                .scalingProcesses("Reboot")))));
        assertEquals("ValidationError", code(error(() -> autoScaling.resumeProcesses(r -> r.autoScalingGroupName("no-such-group")))));
        autoScaling.resumeProcesses(r -> r.autoScalingGroupName(GROUP).scalingProcesses("Launch", "Terminate"));
        assertEquals(7, f.group().suspendedProcesses().size());
    }

    @Test
    void aSuspendedInstanceRefreshProcessHoldsTheRefresh() {
        f.createGroup(2, r -> { });
        f.advance(Duration.ofMinutes(2));
        int version = f.newVersion();
        autoScaling.suspendProcesses(r -> r.autoScalingGroupName(GROUP).scalingProcesses("InstanceRefresh"));

        autoScaling.startInstanceRefresh(r -> r.autoScalingGroupName(GROUP).desiredConfiguration(d -> d.launchTemplate(t -> t
                .launchTemplateId(f.templateId).version(String.valueOf(version)))).preferences(p -> p.minHealthyPercentage(50)));
        f.advance(Duration.ofMinutes(10));

        assertEquals(2, f.group().instances().size(), "InstanceRefresh does not replace instances");
        assertTrue(f.group().instances().stream().allMatch(i -> i.launchTemplate().version().equals("1")));
        autoScaling.resumeProcesses(r -> r.autoScalingGroupName(GROUP).scalingProcesses("InstanceRefresh"));
        f.advance(Duration.ofMinutes(10));
        assertEquals("Successful", autoScaling.describeInstanceRefreshes(r -> r.autoScalingGroupName(GROUP))
                .instanceRefreshes().get(0).statusAsString());
    }

    @Test
    void groupTagsReachOnlyTheInstancesLaunchedAfterTheyChange() {
        f.createGroup(1, r -> r.tags(tag("team", "core", true)));
        f.advance(Duration.ofSeconds(5));
        String first = f.ids().get(0);
        assertEquals("core", ec2Tags(first).get("team"));

        autoScaling.createOrUpdateTags(r -> r.tags(tag("team", "platform", true), tag("cost-center", "cc123", false)));
        autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName(GROUP).desiredCapacity(2));
        f.advance(Duration.ofSeconds(5));

        String second = f.ids().stream().filter(id -> !id.equals(first)).findFirst().orElseThrow();
        assertEquals("core", ec2Tags(first).get("team"), "running instances keep the tags they were launched with");
        assertEquals("platform", ec2Tags(second).get("team"));
        assertEquals(null, ec2Tags(second).get("cost-center"), "not propagated");
        assertEquals(GROUP, ec2Tags(second).get("aws:autoscaling:groupName"));
        List<TagDescription> described = autoScaling.describeTags(r -> r.filters(x -> x.name("auto-scaling-group").values(GROUP),
                x -> x.name("key").values("team", "cost-center"))).tags();
        assertEquals(List.of("team=platform", "cost-center=cc123"), described.stream().map(t -> t.key() + "=" + t.value()).toList());
        assertEquals(List.of("cost-center"), autoScaling.describeTags(r -> r.filters(x -> x.name("propagate-at-launch")
                .values("false"))).tags().stream().map(TagDescription::key).toList());

        autoScaling.deleteTags(r -> r.tags(Tag.builder().resourceId(GROUP).resourceType("auto-scaling-group").key("cost-center").build()));
        assertEquals(List.of("team"), f.group().tags().stream().map(t -> t.key()).toList());
    }

    @Test
    void badTagCallsGetAwsErrors() {
        f.createGroup(0, r -> { });

        assertEquals("ValidationError", code(error(() -> autoScaling.createOrUpdateTags(r -> r.tags(Tag.builder()
                .resourceId("no-such-group").resourceType("auto-scaling-group").key("a").value("b").build())))));
        assertEquals("ValidationError", code(error(() -> autoScaling.createOrUpdateTags(r -> r.tags(Tag.builder()
                .resourceId(GROUP).resourceType("instance").key("a").value("b").build())))));
        assertEquals("ValidationError", code(error(() -> autoScaling.describeTags(r -> r.filters(x -> x.name("owner").values("me"))))));
        List<Tag> fifty = java.util.stream.IntStream.range(0, 50).mapToObj(n -> tag("k" + n, "v", false)).toList();
        autoScaling.createOrUpdateTags(r -> r.tags(fifty.subList(0, 25)));
        autoScaling.createOrUpdateTags(r -> r.tags(fifty.subList(25, 50)));
        assertEquals("LimitExceeded", code(error(() -> autoScaling.createOrUpdateTags(r -> r.tags(tag("one-more", "v", false))))));
        assertEquals(50, f.group().tags().size(), "the refused tag was not added");
        assertEquals(20, autoScaling.describeTags(r -> r.maxRecords(20)).tags().size());
        assertEquals(50, autoScaling.describeTagsPaginator(r -> r.maxRecords(20)).tags().stream().count(), "pages with NextToken");
    }
}
