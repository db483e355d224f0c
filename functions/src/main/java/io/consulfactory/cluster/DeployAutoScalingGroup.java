package io.consulfactory.cluster;

import io.consulfactory.aws.AwsErrors;
import io.consulfactory.launch.LaunchTemplate;
import io.consulfactory.launch.PublishLaunchTemplate;
import io.consulfactory.spec.ClusterSpec;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefresh;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefreshStatus;
import software.amazon.awssdk.services.autoscaling.model.Tag;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.consulfactory.aws.AwsErrors.call;

/**
 * Runs the servers as the Auto Scaling group {@code consul-<cluster>}: creates it on the first run; on a
 * later run with a new launch template version, starts an instance refresh that replaces one server at a
 * time ({@link RollingReplacement}) and rolls back by itself if a new server fails its health checks.
 * Never starts a second refresh while one runs. The group's size is the server count, with room for one
 * more during a replacement (max = count + 1).
 */
public final class DeployAutoScalingGroup {

    static final Set<InstanceRefreshStatus> ACTIVE = Set.of(InstanceRefreshStatus.PENDING, InstanceRefreshStatus.IN_PROGRESS,
            InstanceRefreshStatus.CANCELLING, InstanceRefreshStatus.ROLLBACK_IN_PROGRESS, InstanceRefreshStatus.BAKING);

    private final AutoScalingClient autoScaling;
    private final ClusterRecord record;

    public DeployAutoScalingGroup(AutoScalingClient autoScaling, ClusterRecord record) {
        this.autoScaling = autoScaling;
        this.record = record;
    }

    /** Deploys the template to the group and records the spec the group now runs (for scheduled rebakes). */
    public Deployment deploy(ClusterSpec spec, LaunchTemplate template) {
        Deployment deployment = deployGroup(spec, template);
        record.save(spec);
        return deployment;
    }

    private Deployment deployGroup(ClusterSpec spec, LaunchTemplate template) {
        String name = spec.autoScalingGroupName();
        Optional<AutoScalingGroup> found = find(name);
        if (found.isEmpty()) {
            try {
                call("autoscaling:CreateAutoScalingGroup", () -> autoScaling.createAutoScalingGroup(r -> r
                        .autoScalingGroupName(name)
                        .launchTemplate(t -> t.launchTemplateId(template.launchTemplateId()).version(String.valueOf(template.version())))
                        .minSize(spec.serverCount())
                        .maxSize(spec.serverCount() + 1)
                        .desiredCapacity(spec.serverCount())
                        .vpcZoneIdentifier(String.join(",", spec.subnetIds()))
                        .healthCheckType("EC2")
                        .healthCheckGracePeriod(RollingReplacement.HEALTH_CHECK_GRACE_SECONDS)
                        .defaultInstanceWarmup(RollingReplacement.INSTANCE_WARMUP_SECONDS)
                        .tags(tags(spec, name))));
                return new Deployment(name, template.launchTemplateId(), template.version(), "CREATED", null);
            } catch (AwsServiceException e) {
                if (!AwsErrors.hasCode(e, "AlreadyExists")) {
                    throw e;
                }
                found = Optional.of(find(name).orElseThrow(() -> e)); // an earlier attempt of this step made it
            }
        }
        AutoScalingGroup group = found.get();
        Optional<InstanceRefresh> running = activeRefresh(name);
        if (running.isPresent()) {
            return new Deployment(name, template.launchTemplateId(), template.version(), "REFRESH_IN_PROGRESS",
                    running.get().instanceRefreshId());
        }
        boolean resized = resizeIfChanged(spec, group);
        if (!runsVersion(group, template)) {
            try {
                String refreshId = call("autoscaling:StartInstanceRefresh", () -> autoScaling.startInstanceRefresh(r -> r
                        .autoScalingGroupName(name)
                        .strategy("Rolling")
                        .desiredConfiguration(d -> d.launchTemplate(t -> t
                                .launchTemplateId(template.launchTemplateId()).version(String.valueOf(template.version()))))
                        .preferences(p -> p
                                .minHealthyPercentage(RollingReplacement.MIN_HEALTHY_PERCENTAGE)
                                .maxHealthyPercentage(RollingReplacement.maxHealthyPercentage(spec.serverCount()))
                                .instanceWarmup(RollingReplacement.INSTANCE_WARMUP_SECONDS)
                                .skipMatching(true)
                                .autoRollback(true)))).instanceRefreshId();
                return new Deployment(name, template.launchTemplateId(), template.version(), "REFRESH_STARTED", refreshId);
            } catch (AwsServiceException e) {
                if (!AwsErrors.hasCode(e, "InstanceRefreshInProgress")) {
                    throw e;
                }
                InstanceRefresh other = activeRefresh(name).orElseThrow(() -> e);
                return new Deployment(name, template.launchTemplateId(), template.version(), "REFRESH_IN_PROGRESS",
                        other.instanceRefreshId());
            }
        }
        return new Deployment(name, template.launchTemplateId(), template.version(), resized ? "UPDATED" : "UNCHANGED", null);
    }

    /** Whether the group and every server in it already run this template version. */
    static boolean runsVersion(AutoScalingGroup group, LaunchTemplate template) {
        String version = String.valueOf(template.version());
        boolean groupConfigured = group.launchTemplate() != null
                && template.launchTemplateId().equals(group.launchTemplate().launchTemplateId())
                && version.equals(group.launchTemplate().version());
        return groupConfigured && group.instances().stream().allMatch(i -> i.launchTemplate() != null
                && template.launchTemplateId().equals(i.launchTemplate().launchTemplateId())
                && version.equals(i.launchTemplate().version()));
    }

    private boolean resizeIfChanged(ClusterSpec spec, AutoScalingGroup group) {
        String subnets = String.join(",", spec.subnetIds());
        boolean same = group.minSize() == spec.serverCount() && group.maxSize() == spec.serverCount() + 1
                && group.desiredCapacity() == spec.serverCount() && subnets.equals(group.vpcZoneIdentifier());
        if (!same) {
            call("autoscaling:UpdateAutoScalingGroup", () -> autoScaling.updateAutoScalingGroup(r -> r
                    .autoScalingGroupName(group.autoScalingGroupName())
                    .minSize(spec.serverCount())
                    .maxSize(spec.serverCount() + 1)
                    .desiredCapacity(spec.serverCount())
                    .vpcZoneIdentifier(subnets)));
        }
        return !same;
    }

    private Optional<AutoScalingGroup> find(String name) {
        return call("autoscaling:DescribeAutoScalingGroups", () -> autoScaling.describeAutoScalingGroups(r -> r
                .autoScalingGroupNames(name))).autoScalingGroups().stream().findFirst();
    }

    Optional<InstanceRefresh> activeRefresh(String name) {
        return call("autoscaling:DescribeInstanceRefreshes", () -> autoScaling.describeInstanceRefreshes(r -> r
                .autoScalingGroupName(name))).instanceRefreshes().stream()
                .filter(r -> ACTIVE.contains(r.status())).findFirst();
    }

    /** Every server tag, propagated at launch so the instances carry the join tag Consul looks for. */
    private static List<Tag> tags(ClusterSpec spec, String groupName) {
        return PublishLaunchTemplate.serverTags(spec).entrySet().stream().map(e -> Tag.builder()
                .resourceId(groupName).resourceType("auto-scaling-group")
                .key(e.getKey()).value(e.getValue()).propagateAtLaunch(true).build()).toList();
    }
}
