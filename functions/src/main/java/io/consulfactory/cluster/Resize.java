package io.consulfactory.cluster;

import io.consulfactory.launch.PublishLaunchTemplate;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ec2.Ec2Client;

import static io.consulfactory.aws.AwsErrors.run;

/**
 * Changes the number of servers one at a time, each step taken only once Consul reports the previous one
 * done (CheckCluster calls it then): a new server passes the {@link JoinGate} like any other; a removed one
 * leaves the peers (leave_on_terminate) and the rest must report one voter fewer before the next goes, so the
 * voters never drop by more than one and a majority always survives. HashiCorp: "add or remove servers one at
 * a time" (https://developer.hashicorp.com/consul/docs/guides/servers).
 *
 * <p>The servers learn the count from the instance tag {@value #COUNT_TAG} (read through instance metadata):
 * the group's tag for servers launched from now on, and each running server's own tag, from which the leader
 * keeps autopilot's MinQuorum equal to the count (the config's min_quorum is read only at bootstrap).
 */
final class Resize {

    static final String COUNT_TAG = PublishLaunchTemplate.SERVER_COUNT_TAG;

    private final AutoScalingClient autoScaling;
    private final Ec2Client ec2;

    Resize(AutoScalingClient autoScaling, Ec2Client ec2) {
        this.autoScaling = autoScaling;
        this.ec2 = ec2;
    }

    /** Moves the group one server towards {@code target}; the new desired capacity. */
    int step(AutoScalingGroup group, int target) {
        int desired = group.desiredCapacity();
        int next = desired < target ? desired + 1 : desired - 1;
        String name = group.autoScalingGroupName();
        String count = String.valueOf(next);
        // The tags first: a server launched by the update below must already read the new count.
        tagGroup(autoScaling, name, next);
        var running = group.instances().stream().map(i -> i.instanceId()).toList();
        if (!running.isEmpty()) {
            run("ec2:CreateTags", () -> ec2.createTags(r -> r.resources(running).tags(t -> t.key(COUNT_TAG).value(count))));
        }
        run("autoscaling:UpdateAutoScalingGroup", () -> autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName(name)
                .minSize(next).maxSize(next + 1).desiredCapacity(next)));
        return next;
    }

    /** Sets the group's count tag, propagated to the servers it launches from now on. */
    static void tagGroup(AutoScalingClient autoScaling, String groupName, int servers) {
        String count = String.valueOf(servers);
        run("autoscaling:CreateOrUpdateTags", () -> autoScaling.createOrUpdateTags(r -> r.tags(t -> t.resourceId(groupName)
                .resourceType("auto-scaling-group").key(COUNT_TAG).value(count).propagateAtLaunch(true))));
    }
}
