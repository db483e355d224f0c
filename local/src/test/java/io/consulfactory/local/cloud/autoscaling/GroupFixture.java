package io.consulfactory.local.cloud.autoscaling;

import io.consulfactory.aws.AwsClients;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.Ec2Images;
import io.consulfactory.local.cloud.ec2.Network;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingException;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.CreateAutoScalingGroupRequest;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.LifecycleHookSpecification;
import software.amazon.awssdk.services.ec2.Ec2Client;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A seeded network, a launch template (version 1) and one Auto Scaling group made through the real SDK, and a
 * clock moved in the simulation's own steps: what the Auto Scaling tests arrange before they act.
 */
final class GroupFixture {

    static final String GROUP = "consul-servers";
    static final String HOOK = "consul-joined";
    static final String LAUNCHING = "autoscaling:EC2_INSTANCE_LAUNCHING";
    static final String TERMINATING = "autoscaling:EC2_INSTANCE_TERMINATING";

    final AutoScalingClient autoScaling = AwsClients.autoScaling();
    final Ec2Client ec2 = AwsClients.ec2();
    final LocalAws aws;
    final Network network;
    final String templateId;

    GroupFixture(LocalAws aws) {
        this.aws = aws;
        this.network = aws.ec2().seedDefaultNetwork();
        this.templateId = ec2.createLaunchTemplate(r -> r.launchTemplateName("servers").launchTemplateData(d -> d
                .imageId(Ec2Images.UBUNTU_AMD64).instanceType("t3.small"))).launchTemplate().launchTemplateId();
    }

    static LifecycleHookSpecification launchHook(int heartbeat, String defaultResult) {
        return LifecycleHookSpecification.builder().lifecycleHookName(HOOK).lifecycleTransition(LAUNCHING)
                .heartbeatTimeout(heartbeat).defaultResult(defaultResult).build();
    }

    /** The group on template version 1, min 0, max one above desired, spread over the three subnets. */
    void createGroup(int desired, Consumer<CreateAutoScalingGroupRequest.Builder> more) {
        autoScaling.createAutoScalingGroup(r -> {
            r.autoScalingGroupName(GROUP).launchTemplate(t -> t.launchTemplateId(templateId).version("1"))
                    .minSize(0).maxSize(desired + 1).desiredCapacity(desired)
                    .vpcZoneIdentifier(String.join(",", network.subnetIds())).healthCheckGracePeriod(0);
            more.accept(r);
        });
    }

    /** A new template version, differing only in its description. */
    int newVersion() {
        return Math.toIntExact(ec2.createLaunchTemplateVersion(r -> r.launchTemplateId(templateId).sourceVersion("1")
                .versionDescription("next").launchTemplateData(d -> d.instanceType("t3.small")))
                .launchTemplateVersion().versionNumber());
    }

    AutoScalingGroup group() {
        return autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames(GROUP)).autoScalingGroups().get(0);
    }

    List<String> ids() {
        return group().instances().stream().map(Instance::instanceId).toList();
    }

    List<String> states() {
        return group().instances().stream().map(Instance::lifecycleStateAsString).toList();
    }

    String state(String instanceId) {
        return aws.autoScaling().lifecycleState(instanceId);
    }

    /** The group's instances in a lifecycle state. */
    List<String> in(String state) {
        return group().instances().stream().filter(i -> i.lifecycleStateAsString().equals(state)).map(Instance::instanceId).toList();
    }

    String ec2State(String instanceId) {
        return aws.ec2().instances().stream().filter(i -> i.instanceId().equals(instanceId)).findFirst().orElseThrow().state();
    }

    /**
     * Moves the clock in the simulation's 5-second steps, simulating each, as a watcher polling the group would:
     * an instance launched during a step is stamped with that step's time, not with a later "now".
     */
    void advance(Duration by) {
        for (Duration left = by; !left.isZero(); left = left.minus(Duration.ofSeconds(5))) {
            aws.clock().advance(Duration.ofSeconds(5));
            aws.simulate();
        }
    }

    void complete(String instanceId, String result) {
        autoScaling.completeLifecycleAction(r -> r.autoScalingGroupName(GROUP).lifecycleHookName(HOOK)
                .instanceId(instanceId).lifecycleActionResult(result));
    }

    /** Continues the hook for every instance waiting on it. */
    void continueAll() {
        in("Pending:Wait").forEach(id -> complete(id, "CONTINUE"));
    }

    static AutoScalingException error(Executable call) {
        return assertThrows(AutoScalingException.class, call);
    }

    static String code(AutoScalingException e) {
        return e.awsErrorDetails().errorCode();
    }
}
