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
 * Runs the servers as the Auto Scaling group {@code consul-<cluster>}: creates it on the first run, with the
 * {@link JoinGate} lifecycle hook that holds every new server until Consul says it joined; on a later run with
 * a new launch template version, starts an instance refresh that replaces one server at a time
 * ({@link RollingReplacement}), each new one through the gate. Never starts a second refresh while one runs.
 * The group is made at the server count, with room for one more during a replacement (max = count + 1); a
 * later change of the count is CheckCluster's, one server at a time ({@link Resize}).
 */
public final class DeployAutoScalingGroup {

    static final Set<InstanceRefreshStatus> ACTIVE = Set.of(InstanceRefreshStatus.PENDING, InstanceRefreshStatus.IN_PROGRESS,
            InstanceRefreshStatus.CANCELLING, InstanceRefreshStatus.ROLLBACK_IN_PROGRESS, InstanceRefreshStatus.BAKING);

    private final AutoScalingClient autoScaling;
    private final ClusterRecord record;
    private final JoinGate gate;

    public DeployAutoScalingGroup(AutoScalingClient autoScaling, ClusterRecord record) {
        this.autoScaling = autoScaling;
        this.record = record;
        this.gate = new JoinGate(autoScaling);
    }

    /** Deploys the template to the group and records the spec the group now runs (for scheduled rebakes). */
    public Deployment deploy(ClusterSpec spec, LaunchTemplate template) {
        Optional<ClusterSpec> before = record.recorded(spec.clusterName());
        Deployment deployment = deployGroup(spec, template, before.map(ClusterSpec::joinTag));
        record.save(spec);
        return deployment;
    }

    private Deployment deployGroup(ClusterSpec spec, LaunchTemplate template, Optional<ClusterSpec.JoinTag> recordedJoinTag) {
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
                        // Every server, the first ones too, waits in Pending:Wait until Consul says it joined.
                        .lifecycleHookSpecificationList(JoinGate.specification())
                        .tags(withStage(tags(spec, name, spec.serverCount()), name, template.securityStage()))));
                return new Deployment(name, template.launchTemplateId(), template.version(), "CREATED", null);
            } catch (AwsServiceException e) {
                if (!AwsErrors.hasCode(e, "AlreadyExists")) {
                    throw e;
                }
                found = Optional.of(find(name).orElseThrow(() -> e)); // an earlier attempt of this step made it
            }
        }
        AutoScalingGroup group = found.get();
        gate.ensure(name); // a group made before the gate existed gets it
        resumeLaunching(group);
        ensureCountTag(group);
        recordedJoinTag.ifPresent(old -> moveJoinTag(group, old, spec.joinTag()));
        Optional<InstanceRefresh> running = activeRefresh(name);
        if (running.isPresent()) {
            return new Deployment(name, template.launchTemplateId(), template.version(), "REFRESH_IN_PROGRESS",
                    running.get().instanceRefreshId());
        }
        boolean moved = moveIfChanged(spec, group);
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
        String action = group.desiredCapacity() != spec.serverCount() ? "RESIZING" : moved ? "UPDATED" : "UNCHANGED";
        return new Deployment(name, template.launchTemplateId(), template.version(), action, null);
    }

    /** Whether the group and every server in it already run this template version. */
    static boolean runsVersion(AutoScalingGroup group, LaunchTemplate template) {
        String version = String.valueOf(template.version());
        boolean groupConfigured = group.launchTemplate() != null
                && template.launchTemplateId().equals(group.launchTemplate().launchTemplateId())
                && version.equals(group.launchTemplate().version());
        return groupConfigured && group.instances().stream().allMatch(i -> runs(i, template));
    }

    /** Whether the server was launched from this launch template version. */
    static boolean runs(software.amazon.awssdk.services.autoscaling.model.Instance i, LaunchTemplate template) {
        return i.launchTemplate() != null && template.launchTemplateId().equals(i.launchTemplate().launchTemplateId())
                && String.valueOf(template.version()).equals(i.launchTemplate().version());
    }

    /**
     * Moves the group onto the spec's subnets. Its size is left alone: CheckCluster changes it one server at a
     * time once Consul reports each step done ({@link Resize}), never in one update that could take several
     * voters away at once.
     */
    private boolean moveIfChanged(ClusterSpec spec, AutoScalingGroup group) {
        String subnets = String.join(",", spec.subnetIds());
        // The same subnets in another order are the same group (PlanChange refuses any other subnet change).
        boolean same = new java.util.TreeSet<>(spec.subnetIds()).equals(new java.util.TreeSet<>(List.of(group.vpcZoneIdentifier().split(","))));
        if (!same) {
            call("autoscaling:UpdateAutoScalingGroup", () -> autoScaling.updateAutoScalingGroup(r -> r
                    .autoScalingGroupName(group.autoScalingGroupName())
                    .vpcZoneIdentifier(subnets)));
        }
        return !same;
    }

    /**
     * A server that could not join stops the group launching more (CheckCluster suspends Launch, so a bad image
     * does not churn through servers); a new deploy, with whatever it changed, lets it launch again.
     */
    private void resumeLaunching(AutoScalingGroup group) {
        if (group.suspendedProcesses().stream().anyMatch(p -> JoinGate.LAUNCH.equals(p.processName()))) {
            call("autoscaling:ResumeProcesses", () -> autoScaling.resumeProcesses(r -> r
                    .autoScalingGroupName(group.autoScalingGroupName()).scalingProcesses(JoinGate.LAUNCH)));
        }
    }

    /**
     * A join tag the plan lets change (to one the running servers already carry) changes on the group too, so the
     * servers launched from now on carry only the new one: the old tag is taken off the group (the running servers
     * keep it until they are replaced), the new one put on, propagated at launch like the other server tags.
     */
    private void moveJoinTag(AutoScalingGroup group, ClusterSpec.JoinTag old, ClusterSpec.JoinTag wanted) {
        String name = group.autoScalingGroupName();
        if (!old.key().equals(wanted.key()) && group.tags().stream()
                .anyMatch(t -> t.key().equals(old.key()) && t.value().equals(old.value()))) {
            call("autoscaling:DeleteTags", () -> autoScaling.deleteTags(r -> r.tags(t -> t.resourceId(name)
                    .resourceType("auto-scaling-group").key(old.key()).value(old.value()))));
        }
        if (group.tags().stream().noneMatch(t -> t.key().equals(wanted.key()) && t.value().equals(wanted.value())
                && Boolean.TRUE.equals(t.propagateAtLaunch()))) {
            call("autoscaling:CreateOrUpdateTags", () -> autoScaling.createOrUpdateTags(r -> r.tags(t -> t.resourceId(name)
                    .resourceType("auto-scaling-group").key(wanted.key()).value(wanted.value()).propagateAtLaunch(true))));
        }
    }

    /** A group made before servers read their count from a tag gets the tag, at the size it runs. */
    private void ensureCountTag(AutoScalingGroup group) {
        if (group.tags().stream().noneMatch(t -> PublishLaunchTemplate.SERVER_COUNT_TAG.equals(t.key()))) {
            Resize.tagGroup(autoScaling, group.autoScalingGroupName(), group.desiredCapacity());
        }
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

    /**
     * A new group's first servers run the template's security stage: the group says so from the start (not
     * propagated, servers read their stage from their boot script), so an execution that fails before the cluster
     * is ready does not make the next one take these servers for insecure ones.
     */
    private static List<Tag> withStage(List<Tag> tags, String groupName, int stage) {
        List<Tag> all = new java.util.ArrayList<>(tags);
        all.add(Tag.builder().resourceId(groupName).resourceType("auto-scaling-group").key(SecurityStages.TAG)
                .value(String.valueOf(stage)).propagateAtLaunch(false).build());
        return all;
    }

    /**
     * Every server tag, propagated at launch so the instances carry the join tag Consul looks for, and the
     * server count they read from instance metadata.
     */
    private static List<Tag> tags(ClusterSpec spec, String groupName, int servers) {
        java.util.Map<String, String> tags = new java.util.LinkedHashMap<>(PublishLaunchTemplate.serverTags(spec));
        tags.put(PublishLaunchTemplate.SERVER_COUNT_TAG, String.valueOf(servers));
        return tags.entrySet().stream().map(e -> Tag.builder()
                .resourceId(groupName).resourceType("auto-scaling-group")
                .key(e.getKey()).value(e.getValue()).propagateAtLaunch(true).build()).toList();
    }
}
