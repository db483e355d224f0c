package io.consulfactory.teardown;

import io.consulfactory.aws.AwsErrors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.LifecycleHook;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static io.consulfactory.aws.AwsErrors.call;

/**
 * The servers go first, all at once: the group's lifecycle hooks are deleted (no launch waits at the join gate,
 * and a hook's outstanding actions are completed by Auto Scaling), the group is sized 0, and once Auto Scaling has
 * terminated its instances the group itself is deleted, without ForceDelete. Each server leaves Consul as it
 * stops ({@code leave_on_terminate}); with the whole cluster going, there is no quorum to keep. Called in a wait
 * loop until it answers DONE; every call finds what is left.
 */
public final class RemoveServerGroup {

    static final String GROUPS = "autoScalingGroups";
    static final String HOOKS = "lifecycleHooks";
    /** Auto Scaling terminates in about a minute; servers shut Consul down first. */
    static final int NEXT_CHECK_SECONDS = 15;

    private final AutoScalingClient autoScaling;

    public RemoveServerGroup(AutoScalingClient autoScaling) {
        this.autoScaling = autoScaling;
    }

    public Removal remove(String clusterName, Removal previous) {
        ClusterNames names = new ClusterNames(clusterName);
        Removal.Builder result = new Removal.Builder(previous, GROUPS, HOOKS);
        String name = names.groupName();
        Optional<AutoScalingGroup> found = call("autoscaling:DescribeAutoScalingGroups", () -> autoScaling
                .describeAutoScalingGroups(r -> r.autoScalingGroupNames(name))).autoScalingGroups().stream().findFirst();
        if (found.isEmpty()) {
            return result.gone(GROUPS, name).done();
        }
        AutoScalingGroup group = found.get();
        Map<String, String> tags = group.tags().stream().collect(Collectors.toMap(TagDescription::key, TagDescription::value, (a, b) -> b));
        if (!names.ours(tags)) {
            throw new ForeignResourceException(clusterName, List.of(names.whyNotOurs("Auto Scaling group", name, null, tags)));
        }
        for (LifecycleHook hook : call("autoscaling:DescribeLifecycleHooks", () -> autoScaling.describeLifecycleHooks(r -> r
                .autoScalingGroupName(name))).lifecycleHooks()) {
            call("autoscaling:DeleteLifecycleHook", () -> autoScaling.deleteLifecycleHook(r -> r
                    .autoScalingGroupName(name).lifecycleHookName(hook.lifecycleHookName())));
            result.removed(HOOKS, name + "/" + hook.lifecycleHookName());
        }
        if (group.minSize() != 0 || group.maxSize() != 0 || group.desiredCapacity() != 0) {
            call("autoscaling:UpdateAutoScalingGroup", () -> autoScaling.updateAutoScalingGroup(r -> r
                    .autoScalingGroupName(name).minSize(0).maxSize(0).desiredCapacity(0)));
        }
        if (!group.instances().isEmpty()) {
            return result.pending(NEXT_CHECK_SECONDS, group.instances().size() + " servers of " + name + " to terminate: "
                    + group.instances().stream().map(i -> i.instanceId() + " " + i.lifecycleStateAsString())
                    .collect(Collectors.joining(", ")));
        }
        try {
            call("autoscaling:DeleteAutoScalingGroup", () -> autoScaling.deleteAutoScalingGroup(r -> r.autoScalingGroupName(name)));
        } catch (AwsServiceException e) {
            // An instance or scaling activity the describe above did not show yet: look again.
            if (AwsErrors.hasCode(e, "ResourceInUse") || AwsErrors.hasCode(e, "ScalingActivityInProgress")) {
                return result.pending(NEXT_CHECK_SECONDS, name + ": " + e.awsErrorDetails().errorMessage());
            }
            throw e;
        }
        return result.removed(GROUPS, name).done();
    }
}
