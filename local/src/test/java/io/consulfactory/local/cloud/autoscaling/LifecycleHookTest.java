package io.consulfactory.local.cloud.autoscaling;

import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.Ec2Images;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingException;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.LifecycleHook;
import software.amazon.awssdk.services.autoscaling.model.LifecycleHookSpecification;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.consulfactory.local.cloud.autoscaling.GroupFixture.GROUP;
import static io.consulfactory.local.cloud.autoscaling.GroupFixture.HOOK;
import static io.consulfactory.local.cloud.autoscaling.GroupFixture.LAUNCHING;
import static io.consulfactory.local.cloud.autoscaling.GroupFixture.TERMINATING;
import static io.consulfactory.local.cloud.autoscaling.GroupFixture.code;
import static io.consulfactory.local.cloud.autoscaling.GroupFixture.error;
import static io.consulfactory.local.cloud.autoscaling.GroupFixture.launchHook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Launch and terminate lifecycle hooks, through the real SDK, on the local clock. */
@ExtendWith(LocalAwsExtension.class)
class LifecycleHookTest {

    private LocalAws aws;
    private GroupFixture f;
    private AutoScalingClient autoScaling;

    @BeforeEach
    void seed(LocalAws aws) {
        this.aws = aws;
        this.f = new GroupFixture(aws);
        this.autoScaling = f.autoScaling;
    }

    private void createGroup(int desired, LifecycleHookSpecification... hooks) {
        createGroup(desired, 0, hooks);
    }

    private void createGroup(int desired, int grace, LifecycleHookSpecification... hooks) {
        f.createGroup(desired, r -> r.healthCheckGracePeriod(grace).lifecycleHookSpecificationList(hooks));
    }

    private AutoScalingGroup group() {
        return f.group();
    }

    private List<String> ids() {
        return f.ids();
    }

    private List<String> states() {
        return f.states();
    }

    private void advance(Duration by) {
        f.advance(by);
    }

    private void complete(String instanceId, String result) {
        f.complete(instanceId, result);
    }

    private String ec2State(String instanceId) {
        return f.ec2State(instanceId);
    }

    @Test
    void aLaunchHookHoldsEachNewInstanceInPendingWaitUntilTheActionIsContinued() {
        createGroup(2, launchHook(600, "ABANDON"));
        assertEquals(List.of("Pending", "Pending"), states(), "just launched");

        advance(Duration.ofMinutes(5));

        assertEquals(List.of("Pending:Wait", "Pending:Wait"), states(), "held by the hook, though EC2 runs them");
        List<String> ids = ids();
        assertTrue(ids.stream().allMatch(id -> ec2State(id).equals("running")));
        assertEquals("Pending:Wait", aws.autoScaling().lifecycleState(ids.get(0)));
        var described = autoScaling.describeAutoScalingInstances(r -> r.instanceIds(ids.get(0))).autoScalingInstances().get(0);
        assertEquals("Pending:Wait", described.lifecycleState());
        assertEquals("HEALTHY", described.healthStatus(), "DescribeAutoScalingInstances writes it upper case");
        assertEquals(GROUP, described.autoScalingGroupName());
        LifecycleHook hook = autoScaling.describeLifecycleHooks(r -> r.autoScalingGroupName(GROUP)).lifecycleHooks().get(0);
        assertEquals(LAUNCHING, hook.lifecycleTransition());
        assertEquals(600, hook.heartbeatTimeout());
        assertEquals(60_000, hook.globalTimeout(), "100 times the heartbeat timeout, under 48 hours");
        assertEquals("ABANDON", hook.defaultResult());
        assertNull(aws.autoScaling().settledSince(GROUP), "not settled while the instances wait");

        complete(ids.get(0), "CONTINUE");
        String token = aws.autoScaling().lifecycleActionToken(GROUP, HOOK, ids.get(1));
        assertEquals(36, token.length());
        autoScaling.completeLifecycleAction(r -> r.autoScalingGroupName(GROUP).lifecycleHookName(HOOK)
                .lifecycleActionToken(token).lifecycleActionResult("CONTINUE"));
        assertEquals(List.of("Pending:Proceed", "Pending:Proceed"), states());
        advance(Duration.ofSeconds(5));

        assertEquals(List.of("InService", "InService"), states());
        assertEquals(ids, ids(), "the same instances, put in service");
        assertNotNull(aws.autoScaling().settledSince(GROUP));
        AutoScalingException again = error(() -> complete(ids.get(0), "CONTINUE"));
        assertEquals("ValidationError", code(again));
        assertEquals("No active Lifecycle Action found with instance ID " + ids.get(0), again.awsErrorDetails().errorMessage());
    }

    @Test
    void anAbandonedLaunchIsTerminatedAndReplacedByAnInstanceThatWaitsOnTheHookAgain() {
        createGroup(1, launchHook(600, "CONTINUE"));
        advance(Duration.ofSeconds(10));
        String first = ids().get(0);

        complete(first, "ABANDON");

        assertEquals("Terminating", aws.autoScaling().lifecycleState(first));
        assertEquals("shutting-down", ec2State(first));
        advance(Duration.ofSeconds(10));
        List<String> now = group().instances().stream().filter(i -> !i.instanceId().equals(first)).map(Instance::instanceId).toList();
        assertEquals(1, now.size(), "one replacement");
        assertEquals("Pending:Wait", aws.autoScaling().lifecycleState(now.get(0)));
        advance(Duration.ofMinutes(2));
        assertEquals(List.of(now.get(0)), ids(), "the abandoned instance is gone once EC2 terminated it");
    }

    @Test
    void whenTheHeartbeatTimeoutPassesTheDefaultResultApplies() {
        createGroup(1, launchHook(60, "CONTINUE"));
        advance(Duration.ofSeconds(5)); // the instance enters Pending:Wait here
        String id = ids().get(0);

        advance(Duration.ofSeconds(55));
        assertEquals("Pending:Wait", aws.autoScaling().lifecycleState(id));
        advance(Duration.ofSeconds(5));

        assertEquals("InService", aws.autoScaling().lifecycleState(id), "CONTINUE by default, 60 s on");
        assertNull(aws.autoScaling().lifecycleActionToken(GROUP, HOOK, id));
    }

    @Test
    void aHeartbeatStartsTheTimeoutAgain() {
        createGroup(1, launchHook(60, "ABANDON"));
        advance(Duration.ofSeconds(5));
        String id = ids().get(0);
        advance(Duration.ofSeconds(45));

        autoScaling.recordLifecycleActionHeartbeat(r -> r.autoScalingGroupName(GROUP).lifecycleHookName(HOOK).instanceId(id));

        advance(Duration.ofSeconds(50)); // 95 s in the wait, 50 s after the heartbeat
        assertEquals("Pending:Wait", aws.autoScaling().lifecycleState(id));
        advance(Duration.ofSeconds(10));
        assertEquals("Terminating", aws.autoScaling().lifecycleState(id), "abandoned 60 s after the heartbeat");
        assertEquals("ValidationError", code(error(() -> autoScaling.recordLifecycleActionHeartbeat(r -> r
                .autoScalingGroupName(GROUP).lifecycleHookName(HOOK).instanceId(id)))));
    }

    @Test
    void theGlobalTimeoutEndsTheWaitWhateverTheHeartbeats() {
        createGroup(1, launchHook(30, "ABANDON"));
        advance(Duration.ofSeconds(5));
        String id = ids().get(0);

        for (int s = 20; s < 3000; s += 20) {
            advance(Duration.ofSeconds(20));
            assertEquals("Pending:Wait", aws.autoScaling().lifecycleState(id), s + " s in the wait");
            autoScaling.recordLifecycleActionHeartbeat(r -> r.autoScalingGroupName(GROUP).lifecycleHookName(HOOK).instanceId(id));
        }
        advance(Duration.ofSeconds(20));

        assertEquals("Terminating", aws.autoScaling().lifecycleState(id), "100 x 30 s is the most an instance waits");
    }

    @Test
    void theHealthCheckGracePeriodStartsWhenTheInstanceEntersService() {
        aws.autoScaling().unhealthyImage(Ec2Images.UBUNTU_AMD64);
        createGroup(1, 120, launchHook(3600, "ABANDON"));
        advance(Duration.ofSeconds(5));
        String id = ids().get(0);
        advance(Duration.ofMinutes(10));
        assertEquals("Healthy", group().instances().get(0).healthStatus(), "no health check while it waits");

        complete(id, "CONTINUE");
        advance(Duration.ofSeconds(5));
        assertEquals("InService", aws.autoScaling().lifecycleState(id));
        advance(Duration.ofSeconds(110));
        assertEquals("InService", aws.autoScaling().lifecycleState(id), "still within the grace period");
        advance(Duration.ofSeconds(10));

        assertEquals("Terminating", aws.autoScaling().lifecycleState(id), "checked 120 s after it entered service");
    }

    @Test
    void aTerminatingHookHoldsAnInstanceThatIsTakenOutOfTheGroup() {
        createGroup(2);
        advance(Duration.ofMinutes(2));
        assertEquals(List.of("InService", "InService"), states());
        autoScaling.putLifecycleHook(r -> r.autoScalingGroupName(GROUP).lifecycleHookName(HOOK).lifecycleTransition(TERMINATING));

        autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName(GROUP).desiredCapacity(1));

        String leaving = group().instances().stream().filter(i -> i.lifecycleStateAsString().equals("Terminating:Wait"))
                .findFirst().orElseThrow().instanceId();
        assertEquals("running", ec2State(leaving), "it runs on while the hook holds it (to leave Consul, say)");
        advance(Duration.ofMinutes(10));
        assertEquals("Terminating:Wait", aws.autoScaling().lifecycleState(leaving));
        assertEquals(2, group().instances().size(), "no replacement: the group wants one");
        complete(leaving, "CONTINUE");
        assertEquals("Terminating:Proceed", aws.autoScaling().lifecycleState(leaving));
        assertEquals("shutting-down", ec2State(leaving));
    }

    @Test
    void deletingAHookAbandonsTheLaunchesItHolds() {
        createGroup(1, launchHook(3600, "CONTINUE"));
        advance(Duration.ofSeconds(5));
        String id = ids().get(0);

        autoScaling.deleteLifecycleHook(r -> r.autoScalingGroupName(GROUP).lifecycleHookName(HOOK));

        assertEquals("Terminating", aws.autoScaling().lifecycleState(id), "DeleteLifecycleHook: ABANDON for launching instances");
        assertTrue(autoScaling.describeLifecycleHooks(r -> r.autoScalingGroupName(GROUP)).lifecycleHooks().isEmpty());
        advance(Duration.ofMinutes(2));
        assertEquals(List.of("InService"), states(), "the replacement has no hook to wait on");
    }

    @Test
    void putLifecycleHookUpdatesOnlyWhatItIsGiven() {
        createGroup(0);
        autoScaling.putLifecycleHook(r -> r.autoScalingGroupName(GROUP).lifecycleHookName(HOOK).lifecycleTransition(LAUNCHING));
        LifecycleHook made = autoScaling.describeLifecycleHooks(r -> r.autoScalingGroupName(GROUP)).lifecycleHooks().get(0);
        assertEquals(3600, made.heartbeatTimeout(), "the default");
        assertEquals("ABANDON", made.defaultResult(), "the default");
        assertEquals(172_800, made.globalTimeout(), "48 hours is less than 100 hours");

        autoScaling.putLifecycleHook(r -> r.autoScalingGroupName(GROUP).lifecycleHookName(HOOK).heartbeatTimeout(300));

        LifecycleHook updated = autoScaling.describeLifecycleHooks(r -> r.autoScalingGroupName(GROUP)
                .lifecycleHookNames(HOOK, "no-such-hook")).lifecycleHooks().get(0);
        assertEquals(LAUNCHING, updated.lifecycleTransition());
        assertEquals(300, updated.heartbeatTimeout());
        assertEquals(30_000, updated.globalTimeout());
        assertEquals(List.of(LAUNCHING, TERMINATING), autoScaling.describeLifecycleHookTypes().lifecycleHookTypes());
    }

    @Test
    void badHookCallsGetAwsErrors() {
        createGroup(1, launchHook(3600, "ABANDON"));
        advance(Duration.ofSeconds(5));
        String id = ids().get(0);

        assertEquals("ValidationError", code(error(() -> autoScaling.putLifecycleHook(r -> r.autoScalingGroupName(GROUP)
                .lifecycleHookName("short").lifecycleTransition(LAUNCHING).heartbeatTimeout(29)))));
        assertEquals("ValidationError", code(error(() -> autoScaling.putLifecycleHook(r -> r.autoScalingGroupName(GROUP)
                .lifecycleHookName("long").lifecycleTransition(LAUNCHING).heartbeatTimeout(7201)))));
        assertEquals("ValidationError", code(error(() -> autoScaling.putLifecycleHook(r -> r.autoScalingGroupName(GROUP)
                .lifecycleHookName("odd").lifecycleTransition("autoscaling:EC2_INSTANCE_REBOOTING")))));
        assertEquals("ValidationError", code(error(() -> autoScaling.putLifecycleHook(r -> r.autoScalingGroupName(GROUP)
                .lifecycleHookName("unsure").lifecycleTransition(LAUNCHING).defaultResult("MAYBE")))));
        assertEquals("ValidationError", code(error(() -> autoScaling.putLifecycleHook(r -> r.autoScalingGroupName(GROUP)
                .lifecycleHookName("no-transition")))), "a new hook needs its transition");
        assertEquals("ValidationError", code(error(() -> autoScaling.putLifecycleHook(r -> r.autoScalingGroupName(GROUP)
                .lifecycleHookName("a name with spaces").lifecycleTransition(LAUNCHING)))));
        assertEquals("ValidationError", code(error(() -> autoScaling.putLifecycleHook(r -> r.autoScalingGroupName("no-such-group")
                .lifecycleHookName(HOOK).lifecycleTransition(LAUNCHING)))));
        assertEquals(1, autoScaling.describeLifecycleHooks(r -> r.autoScalingGroupName(GROUP)).lifecycleHooks().size(),
                "none of the bad hooks was made");

        AutoScalingException unknownHook = error(() -> autoScaling.completeLifecycleAction(r -> r.autoScalingGroupName(GROUP)
                .lifecycleHookName("other-hook").instanceId(id).lifecycleActionResult("CONTINUE")));
        assertEquals("No active Lifecycle Action found with instance ID " + id, unknownHook.awsErrorDetails().errorMessage());
        AutoScalingException badToken = error(() -> autoScaling.completeLifecycleAction(r -> r.autoScalingGroupName(GROUP)
                .lifecycleHookName(HOOK).lifecycleActionToken("bcd2f1b8-9a78-44d3-8a7a-4dd07d7cf635").lifecycleActionResult("CONTINUE")));
        assertEquals("No active Lifecycle Action found with token bcd2f1b8-9a78-44d3-8a7a-4dd07d7cf635",
                badToken.awsErrorDetails().errorMessage());
        assertEquals("ValidationError", code(error(() -> autoScaling.completeLifecycleAction(r -> r.autoScalingGroupName(GROUP)
                .lifecycleHookName(HOOK).lifecycleActionResult("CONTINUE")))), "neither token nor instance");
        assertEquals("ValidationError", code(error(() -> autoScaling.completeLifecycleAction(r -> r.autoScalingGroupName(GROUP)
                .lifecycleHookName(HOOK).instanceId(id).lifecycleActionResult("RETRY")))));
        assertEquals("ValidationError", code(error(() -> autoScaling.deleteLifecycleHook(r -> r.autoScalingGroupName(GROUP)
                .lifecycleHookName("other-hook")))));
        assertEquals("Pending:Wait", aws.autoScaling().lifecycleState(id), "the bad calls changed nothing");

        for (int n = 1; n < 50; n++) {
            String name = "hook-" + n;
            autoScaling.putLifecycleHook(r -> r.autoScalingGroupName(GROUP).lifecycleHookName(name).lifecycleTransition(TERMINATING));
        }
        assertEquals("LimitExceeded", code(error(() -> autoScaling.putLifecycleHook(r -> r.autoScalingGroupName(GROUP)
                .lifecycleHookName("hook-51").lifecycleTransition(TERMINATING)))), "50 per group");
        autoScaling.putLifecycleHook(r -> r.autoScalingGroupName(GROUP).lifecycleHookName("hook-7").heartbeatTimeout(60));
    }

    @Test
    void aGroupCannotBeMadeWithABadHookSpecification() {
        assertEquals("ValidationError", code(error(() -> createGroup(1, launchHook(10, "ABANDON")))));

        assertTrue(autoScaling.describeAutoScalingGroups().autoScalingGroups().isEmpty());
        assertTrue(aws.ec2().instances().isEmpty(), "nothing launched");
    }

    @Test
    void eachHookOfTheTransitionMustContinueBeforeTheInstanceProceeds() {
        LifecycleHookSpecification second = LifecycleHookSpecification.builder().lifecycleHookName("dns-registered")
                .lifecycleTransition(LAUNCHING).build();
        createGroup(1, launchHook(3600, "ABANDON"), second);
        advance(Duration.ofSeconds(5));
        String id = ids().get(0);
        Set<String> tokens = Set.of(aws.autoScaling().lifecycleActionToken(GROUP, HOOK, id),
                aws.autoScaling().lifecycleActionToken(GROUP, "dns-registered", id));
        assertEquals(2, tokens.size(), "one action, and token, per hook");

        complete(id, "CONTINUE");
        advance(Duration.ofSeconds(30));
        assertEquals("Pending:Wait", aws.autoScaling().lifecycleState(id), "the second hook still holds it");
        autoScaling.completeLifecycleAction(r -> r.autoScalingGroupName(GROUP).lifecycleHookName("dns-registered")
                .instanceId(id).lifecycleActionResult("CONTINUE"));
        assertEquals("Pending:Proceed", aws.autoScaling().lifecycleState(id), "EC2 is still booting it (60 s)");
        advance(Duration.ofSeconds(25));

        assertEquals("InService", aws.autoScaling().lifecycleState(id));
        assertNotEquals(null, group().instances().get(0).launchTemplate());
        assertEquals(Set.of(id), group().instances().stream().map(Instance::instanceId).collect(Collectors.toSet()));
    }
}
