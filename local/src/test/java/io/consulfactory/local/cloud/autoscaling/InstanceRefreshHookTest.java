package io.consulfactory.local.cloud.autoscaling;

import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.cloud.LocalAws;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefresh;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static io.consulfactory.local.cloud.autoscaling.GroupFixture.GROUP;
import static io.consulfactory.local.cloud.autoscaling.GroupFixture.code;
import static io.consulfactory.local.cloud.autoscaling.GroupFixture.error;
import static io.consulfactory.local.cloud.autoscaling.GroupFixture.launchHook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Instance refreshes of a group whose new instances wait on a launch hook; rollbacks, manual and automatic. */
@ExtendWith(LocalAwsExtension.class)
class InstanceRefreshHookTest {

    private LocalAws aws;
    private GroupFixture f;
    private AutoScalingClient autoScaling;
    private List<String> oldServers;

    /** Two servers on version 1, each let through the hook, in service. */
    @BeforeEach
    void seed(LocalAws aws) {
        this.aws = aws;
        this.f = new GroupFixture(aws);
        this.autoScaling = f.autoScaling;
        f.createGroup(2, r -> r.defaultInstanceWarmup(60).lifecycleHookSpecificationList(launchHook(3600, "ABANDON")));
        f.advance(Duration.ofSeconds(10));
        f.continueAll();
        f.advance(Duration.ofMinutes(1));
        assertEquals(List.of("InService", "InService"), f.states());
        oldServers = f.ids();
    }

    private String startRefresh(int version, boolean autoRollback) {
        return autoScaling.startInstanceRefresh(r -> r.autoScalingGroupName(GROUP)
                .desiredConfiguration(d -> d.launchTemplate(t -> t.launchTemplateId(f.templateId).version(String.valueOf(version))))
                .preferences(p -> p.minHealthyPercentage(100).maxHealthyPercentage(150).instanceWarmup(60)
                        .skipMatching(true).autoRollback(autoRollback))).instanceRefreshId();
    }

    private InstanceRefresh refresh() {
        return autoScaling.describeInstanceRefreshes(r -> r.autoScalingGroupName(GROUP)).instanceRefreshes().get(0);
    }

    /** The new instance a refresh launched, once the launch hook holds it. */
    private String waitingReplacement() {
        f.advance(Duration.ofSeconds(10));
        List<String> waiting = f.in("Pending:Wait");
        assertEquals(1, waiting.size(), "launch before terminate: one new instance at a time");
        return waiting.get(0);
    }

    @Test
    void aRefreshCountsANewInstanceOnlyOnceItsHookContinuedAndItWarmedUp() {
        int version = f.newVersion();
        startRefresh(version, false);
        String first = waitingReplacement();

        f.advance(Duration.ofMinutes(20));
        assertEquals("InProgress", refresh().statusAsString());
        assertEquals(0, refresh().percentageComplete(), "nothing replaced while the new instance waits");
        assertEquals(Set.copyOf(oldServers), Set.copyOf(f.in("InService")), "the old servers serve on");

        f.complete(first, "CONTINUE");
        f.advance(Duration.ofSeconds(5));
        assertEquals("InService", f.state(first));
        f.advance(Duration.ofSeconds(50));
        assertEquals(3, f.in("InService").size(), "warming up for 60 s from InService: no old one terminated yet");
        f.advance(Duration.ofSeconds(15));
        assertEquals(1, oldServers.stream().filter(id -> f.state(id) == null || f.state(id).startsWith("Terminating")).count());

        String second = waitingReplacement();
        f.complete(second, "CONTINUE");
        f.advance(Duration.ofMinutes(3));

        assertEquals("Successful", refresh().statusAsString());
        assertEquals(Set.of(first, second), Set.copyOf(f.ids()));
        assertTrue(f.group().instances().stream().allMatch(i -> i.launchTemplate().version().equals(String.valueOf(version))));
        assertNotNull(aws.autoScaling().settledSince(GROUP));
    }

    @Test
    void rollbackInstanceRefreshReplacesTheWaitingNewInstanceAndLeavesTheOldOnesUntouched() {
        int version = f.newVersion();
        String id = startRefresh(version, false);
        String replacement = waitingReplacement();

        String rolledBack = autoScaling.rollbackInstanceRefresh(r -> r.autoScalingGroupName(GROUP)).instanceRefreshId();

        assertEquals(id, rolledBack);
        assertEquals("RollbackInProgress", refresh().statusAsString());
        assertEquals("1", f.group().launchTemplate().version(), "the group's configuration before the refresh");
        assertNotNull(refresh().rollbackDetails().rollbackStartTime());
        f.advance(Duration.ofMinutes(2)); // the old servers finish the warmup they began a minute ago
        assertEquals("RollbackSuccessful", refresh().statusAsString());
        assertTrue(f.state(replacement) == null || f.state(replacement).equals("Terminating"), f.state(replacement));
        f.advance(Duration.ofMinutes(5));
        assertEquals(oldServers, f.ids(), "the same old servers");
        assertEquals(List.of("InService", "InService"), f.states());
        assertEquals("ActiveInstanceRefreshNotFound", code(error(() -> autoScaling.rollbackInstanceRefresh(r -> r
                .autoScalingGroupName(GROUP)))), "nothing left to roll back");
    }

    @Test
    void anAbandonedNewInstanceFailsTheRefreshAndAutoRollbackRestoresTheOldConfiguration() {
        int version = f.newVersion();
        startRefresh(version, true);
        String replacement = waitingReplacement();

        f.complete(replacement, "ABANDON");

        assertEquals("RollbackInProgress", refresh().statusAsString());
        assertTrue(refresh().statusReason().contains("abandoned"), refresh().statusReason());
        f.advance(Duration.ofMinutes(2));
        assertEquals("RollbackSuccessful", refresh().statusAsString());
        assertEquals(oldServers, f.ids());
        assertEquals("1", f.group().launchTemplate().version());
    }

    @Test
    void withoutAutoRollbackAnAbandonedNewInstanceFailsTheRefresh() {
        startRefresh(f.newVersion(), false);
        String replacement = waitingReplacement();

        f.complete(replacement, "ABANDON");

        assertEquals("Failed", refresh().statusAsString());
        assertNotNull(refresh().endTime());
        assertEquals("ActiveInstanceRefreshNotFound", code(error(() -> autoScaling.rollbackInstanceRefresh(r -> r
                .autoScalingGroupName(GROUP)))), "a finished refresh cannot be rolled back");
    }

    @Test
    void aRollbackMissingWhatItNeedsIsIrreversible() {
        autoScaling.startInstanceRefresh(r -> r.autoScalingGroupName(GROUP).preferences(p -> p.minHealthyPercentage(100)));
        assertEquals("IrreversibleInstanceRefresh", code(error(() -> autoScaling.rollbackInstanceRefresh(r -> r
                .autoScalingGroupName(GROUP)))), "no desired configuration");
        autoScaling.cancelInstanceRefresh(r -> r.autoScalingGroupName(GROUP));
        f.advance(Duration.ofSeconds(5));
        assertEquals("Cancelled", refresh().statusAsString());

        autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName(GROUP).launchTemplate(t -> t
                .launchTemplateId(f.templateId).version("$Latest")));
        int version = f.newVersion();
        assertEquals("ValidationError", code(error(() -> startRefresh(version, true))),
                "auto rollback cannot go back to $Latest");
        startRefresh(version, false);
        assertEquals("IrreversibleInstanceRefresh", code(error(() -> autoScaling.rollbackInstanceRefresh(r -> r
                .autoScalingGroupName(GROUP)))), "the group ran $Latest before");
        assertTrue(Set.of("Pending", "InProgress").contains(refresh().statusAsString()), "refused rollbacks leave the refresh be");
    }

    @Test
    void anUnhealthyNewInstanceStillRollsBackAutomatically() {
        int version = f.newVersion();
        startRefresh(version, true);
        String replacement = waitingReplacement();
        f.ec2.stopInstances(r -> r.instanceIds(replacement));

        f.advance(Duration.ofSeconds(5));

        assertTrue(refresh().statusAsString().startsWith("Rollback"), refresh().statusAsString());
        assertTrue(refresh().statusReason().contains("failed its health checks"), refresh().statusReason());
        f.advance(Duration.ofMinutes(2));
        assertEquals("RollbackSuccessful", refresh().statusAsString());
        assertEquals(oldServers, f.ids());
        assertNull(f.state(replacement));
    }
}
