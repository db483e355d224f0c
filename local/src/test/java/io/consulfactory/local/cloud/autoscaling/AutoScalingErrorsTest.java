package io.consulfactory.local.cloud.autoscaling;

import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.cloud.AwsError;
import io.consulfactory.local.cloud.CatalogueAssertions;
import io.consulfactory.local.cloud.LocalAws;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingException;
import software.amazon.awssdk.services.autoscaling.model.Tag;

import static io.consulfactory.local.cloud.autoscaling.GroupFixture.GROUP;
import static io.consulfactory.local.cloud.autoscaling.GroupFixture.HOOK;
import static io.consulfactory.local.cloud.autoscaling.GroupFixture.LAUNCHING;

/**
 * The Auto Scaling errors a caller meets through the real SDK are the catalogue's, code, HTTP status and message:
 * each call below breaks one rule and must be answered with exactly what {@link AutoScalingErrors} says.
 */
@ExtendWith(LocalAwsExtension.class)
class AutoScalingErrorsTest {

    private GroupFixture f;
    private AutoScalingClient autoScaling;

    @BeforeEach
    void seed(LocalAws aws) {
        this.f = new GroupFixture(aws);
        this.autoScaling = f.autoScaling;
    }

    /** The call fails with the SDK exception that carries the catalogue error's code, status and message. */
    private static void answers(AwsError expected, Executable call) {
        CatalogueAssertions.answers(expected, AutoScalingException.class, call);
    }

    @Test
    void groupCallsAnswerWithTheCatalogue() {
        answers(AutoScalingErrors.groupNotFound("missing"),
                () -> autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName("missing").desiredCapacity(1)));
        answers(AutoScalingErrors.launchTemplateRequired(), () -> autoScaling.createAutoScalingGroup(r -> r
                .autoScalingGroupName(GROUP).minSize(0).maxSize(1).vpcZoneIdentifier(f.network.subnetIds().get(0))));
        answers(AutoScalingErrors.subnetRequired(), () -> autoScaling.createAutoScalingGroup(r -> r
                .autoScalingGroupName(GROUP).launchTemplate(t -> t.launchTemplateId(f.templateId)).minSize(0).maxSize(1)));

        f.createGroup(1, r -> { });
        answers(AutoScalingErrors.groupAlreadyExists(GROUP), () -> f.createGroup(1, r -> { }));
        answers(AutoScalingErrors.capacityOutOfRange(5, 0, 2),
                () -> autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName(GROUP).desiredCapacity(5)));
        answers(AutoScalingErrors.subnetNotFound("subnet-0000000000000000"),
                () -> autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName(GROUP).vpcZoneIdentifier("subnet-0000000000000000")));
        answers(AutoScalingErrors.groupInUse(), () -> autoScaling.deleteAutoScalingGroup(r -> r.autoScalingGroupName(GROUP)));
        answers(AutoScalingErrors.maxRecordsOutOfRange(50), () -> autoScaling.describeAutoScalingInstances(r -> r.maxRecords(51)));
        answers(AutoScalingErrors.invalidNextToken("x"), () -> autoScaling.describeScalingActivities(r -> r.nextToken("x")));
    }

    @Test
    void instanceRefreshCallsAnswerWithTheCatalogue() {
        f.createGroup(1, r -> { });
        answers(AutoScalingErrors.noActiveRefresh(GROUP), () -> autoScaling.cancelInstanceRefresh(r -> r.autoScalingGroupName(GROUP)));
        answers(AutoScalingErrors.healthyPercentagesOutOfRange(), () -> autoScaling.startInstanceRefresh(r -> r
                .autoScalingGroupName(GROUP).preferences(p -> p.minHealthyPercentage(50).maxHealthyPercentage(200))));
        answers(AutoScalingErrors.autoRollbackImpossible("the instance refresh has no desired configuration."),
                () -> autoScaling.startInstanceRefresh(r -> r.autoScalingGroupName(GROUP).preferences(p -> p.autoRollback(true))));

        autoScaling.startInstanceRefresh(r -> r.autoScalingGroupName(GROUP));
        answers(AutoScalingErrors.refreshInProgress(), () -> autoScaling.startInstanceRefresh(r -> r.autoScalingGroupName(GROUP)));
        answers(AutoScalingErrors.irreversible("the instance refresh has no desired configuration."),
                () -> autoScaling.rollbackInstanceRefresh(r -> r.autoScalingGroupName(GROUP)));
    }

    @Test
    void lifecycleHookCallsAnswerWithTheCatalogue() {
        f.createGroup(0, r -> { });
        answers(AutoScalingErrors.heartbeatOutOfRange(10), () -> autoScaling.putLifecycleHook(r -> r.autoScalingGroupName(GROUP)
                .lifecycleHookName(HOOK).lifecycleTransition(LAUNCHING).heartbeatTimeout(10)));
        answers(AutoScalingErrors.invalidTransition("autoscaling:EC2_INSTANCE_REBOOTING"), () -> autoScaling.putLifecycleHook(r -> r
                .autoScalingGroupName(GROUP).lifecycleHookName(HOOK).lifecycleTransition("autoscaling:EC2_INSTANCE_REBOOTING")));
        answers(AutoScalingErrors.invalidHookName("no spaces"), () -> autoScaling.putLifecycleHook(r -> r
                .autoScalingGroupName(GROUP).lifecycleHookName("no spaces").lifecycleTransition(LAUNCHING)));
        answers(AutoScalingErrors.transitionRequired(HOOK),
                () -> autoScaling.putLifecycleHook(r -> r.autoScalingGroupName(GROUP).lifecycleHookName(HOOK)));
        answers(AutoScalingErrors.hookNotFound(HOOK, GROUP),
                () -> autoScaling.deleteLifecycleHook(r -> r.autoScalingGroupName(GROUP).lifecycleHookName(HOOK)));
        answers(AutoScalingErrors.noActiveActionForInstance("i-0123456789abcdef0"), () -> autoScaling.completeLifecycleAction(r -> r
                .autoScalingGroupName(GROUP).lifecycleHookName(HOOK).instanceId("i-0123456789abcdef0").lifecycleActionResult("CONTINUE")));
        answers(AutoScalingErrors.invalidResult("LifecycleActionResult", "MAYBE"), () -> autoScaling.completeLifecycleAction(r -> r
                .autoScalingGroupName(GROUP).lifecycleHookName(HOOK).instanceId("i-0123456789abcdef0").lifecycleActionResult("MAYBE")));
    }

    @Test
    void processAndTagCallsAnswerWithTheCatalogue() {
        f.createGroup(0, r -> { });
        answers(AutoScalingErrors.unknownProcess("Nap"),
                () -> autoScaling.suspendProcesses(r -> r.autoScalingGroupName(GROUP).scalingProcesses("Nap")));
        answers(AutoScalingErrors.missingTagResourceId(), () -> autoScaling.createOrUpdateTags(r -> r.tags(Tag.builder()
                .key("team").value("consul").build())));
        answers(AutoScalingErrors.invalidTagResource("instance"), () -> autoScaling.createOrUpdateTags(r -> r.tags(Tag.builder()
                .resourceId(GROUP).resourceType("instance").key("team").value("consul").build())));
        answers(AutoScalingErrors.unknownTagFilter("owner"), () -> autoScaling.describeTags(r -> r.filters(x -> x.name("owner").values("me"))));
    }
}
