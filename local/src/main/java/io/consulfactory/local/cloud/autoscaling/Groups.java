package io.consulfactory.local.cloud.autoscaling;

import io.consulfactory.local.cloud.LocalAws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The account's Auto Scaling groups and the rules of the calls that create, change and delete them, their hooks,
 * processes and tags (state only: typed arguments in, {@link AutoScalingErrors} to refuse). What the groups do on
 * the clock is {@link GroupSimulation}'s; their instance refreshes are {@link InstanceRefreshes}'.
 */
final class Groups {

    /** A launch template as a request names it: by id or by name, and a version ({@code $Default} unless given). */
    record TemplateRef(String id, String name, String version) {
    }

    /**
     * What CreateAutoScalingGroup or UpdateAutoScalingGroup sets; {@code null} where the request leaves it out.
     * The subnets are VPCZoneIdentifier's items as given (not yet stripped).
     */
    record Settings(TemplateRef template, Integer min, Integer max, Integer desired, List<String> subnets,
                    String healthCheckType, Integer grace, Integer defaultWarmup) {
    }

    /**
     * A tag as a tag call names it: its group (absent in CreateAutoScalingGroup) and, for DeleteTags, maybe no value.
     */
    record TagRequest(String groupName, GroupTags.Tag tag, boolean valueGiven) {
    }

    private final LocalAws aws;
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Set<String> unhealthyImages = new HashSet<>();
    private final GroupSimulation simulation;

    Groups(LocalAws aws) {
        this.aws = aws;
        this.simulation = new GroupSimulation(aws, unhealthyImages);
    }

    GroupSimulation simulation() {
        return simulation;
    }

    void reset() {
        groups.clear();
        unhealthyImages.clear();
    }

    /** Instances launched from this image fail their health checks once the grace period ends. */
    void unhealthyImage(String imageId) {
        unhealthyImages.add(imageId);
    }

    void advance(Instant now) {
        for (Group group : groups.values()) {
            simulation.advance(group, now);
        }
    }

    Instant settledSince(String groupName) {
        Group g = groups.get(groupName);
        return g == null ? null : g.settledSince;
    }

    String lifecycleState(String instanceId) {
        return groups.values().stream().map(g -> g.member(instanceId)).filter(m -> m != null)
                .map(m -> m.lifecycle).findFirst().orElse(null);
    }

    String lifecycleActionToken(String groupName, String hookName, String instanceId) {
        Group g = groups.get(groupName);
        return g == null ? null : g.hooks.token(instanceId, hookName).orElse(null);
    }

    // ---- finding groups ----

    /** The named group; AWS's error when there is none. */
    Group group(String name) {
        Group g = groups.get(name);
        if (g == null) {
            throw AutoScalingErrors.groupNotFound(name);
        }
        return g;
    }

    /** Every group, in the order created. */
    Collection<Group> all() {
        return groups.values();
    }

    /** The group's ARN, or {@code null} when it is gone. */
    String arnOf(String groupName) {
        Group g = groups.get(groupName);
        return g == null ? null : g.arn();
    }

    String availabilityZoneOf(String subnetId) {
        return aws.ec2().availabilityZoneOf(subnetId);
    }

    String launchTemplateName(String templateId) {
        return aws.ec2().launchTemplateName(templateId);
    }

    // ---- create, update, delete ----

    /**
     * CreateAutoScalingGroup. Hooks in LifecycleHookSpecificationList exist before the first launch, so the first
     * instances wait too.
     */
    void create(String name, Settings settings, List<GroupTags.Tag> tags, List<LifecycleHooks.HookRequest> hooks) {
        if (groups.containsKey(name)) {
            throw AutoScalingErrors.groupAlreadyExists(name);
        }
        Group g = new Group(name, aws.clock().now());
        configure(g, settings, true);
        g.tags.put(name, tags);
        for (LifecycleHooks.HookRequest hook : hooks) {
            g.hooks.put(name, hook);
        }
        groups.put(name, g);
        simulation.step(g, aws.clock().now());
    }

    /** UpdateAutoScalingGroup: the settings given, applied in order (a refused one leaves the earlier ones set). */
    void update(String name, Settings settings) {
        Group g = group(name);
        configure(g, settings, false);
        simulation.step(g, aws.clock().now());
    }

    private void configure(Group g, Settings s, boolean creating) {
        TemplateRef t = s.template();
        if (t != null) {
            aws.ec2().launchFromTemplateVersion(t.id(), t.name(), t.version()); // validates
            g.templateId = aws.ec2().launchTemplateId(t.id(), t.name());
            g.templateName = aws.ec2().launchTemplateName(g.templateId);
            g.versionRef = t.version();
        } else if (creating) {
            throw AutoScalingErrors.launchTemplateRequired();
        }
        g.min = s.min() != null ? s.min() : g.min;
        g.max = s.max() != null ? s.max() : g.max;
        // https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_UpdateAutoScalingGroup.html: without DesiredCapacity,
        // a new MinSize above it or a new MaxSize below it becomes the desired capacity.
        g.desired = s.desired() != null ? s.desired() : creating ? g.min : Math.max(g.min, Math.min(g.max, g.desired));
        if (g.min > g.max || g.desired < g.min || g.desired > g.max) {
            throw AutoScalingErrors.capacityOutOfRange(g.desired, g.min, g.max);
        }
        if (s.subnets() != null) {
            for (String subnet : s.subnets()) {
                if (!aws.ec2().subnetExists(subnet.strip())) {
                    throw AutoScalingErrors.subnetNotFound(subnet);
                }
            }
            g.subnets = s.subnets().stream().map(String::strip).toList();
        } else if (creating) {
            throw AutoScalingErrors.subnetRequired();
        }
        g.healthCheckType = s.healthCheckType() != null ? s.healthCheckType() : g.healthCheckType;
        // https://docs.aws.amazon.com/autoscaling/ec2/userguide/health-check-grace-period.html: 0 s by default from an SDK.
        g.grace = s.grace() != null ? s.grace() : creating ? 0 : g.grace;
        g.defaultWarmup = s.defaultWarmup() != null ? s.defaultWarmup() : g.defaultWarmup;
    }

    /** DeleteAutoScalingGroup: refused while the group has instances, unless forced. */
    void delete(String name, boolean force) {
        Group g = group(name);
        if (!g.active().isEmpty() && !force) {
            throw AutoScalingErrors.groupInUse();
        }
        // ForceDelete (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_DeleteAutoScalingGroup.html): "without
        // waiting for all instances to be terminated. This action also deletes any outstanding lifecycle actions
        // associated with the group", so no terminating hook holds them.
        for (Member m : g.members) {
            m.lifecycle = Member.TERMINATING;
            aws.ec2().terminateInstance(m.instanceId, "Auto Scaling: the group was deleted");
        }
        groups.remove(g.name);
    }

    /**
     * The named group's scaling activities (or every group's), most recent first. Simplification: a deleted group's
     * activities go with it (DescribeScalingActivities' IncludeDeletedGroups has nothing to include).
     */
    List<Activity> activities(String groupNameOrNull) {
        List<Group> chosen = groupNameOrNull == null ? List.copyOf(groups.values()) : List.of(group(groupNameOrNull));
        List<Activity> all = new ArrayList<>();
        chosen.forEach(g -> all.addAll(g.activities));
        all.sort(Comparator.comparing(Activity::start).reversed());
        return all;
    }

    // ---- lifecycle hooks ----

    /** PutLifecycleHook: the request's values are valid already; the group's rules are {@link LifecycleHooks#put}'s. */
    void putHook(String groupName, LifecycleHooks.HookRequest request) {
        Group g = group(groupName);
        g.hooks.put(g.name, request);
    }

    /** DeleteLifecycleHook: the instances its open actions held move on. */
    void deleteHook(String groupName, String hookName) {
        Group g = group(groupName);
        for (LifecycleHooks.Outcome o : g.hooks.delete(g.name, hookName)) {
            simulation.waitEnded(g, o, aws.clock().now());
        }
    }

    /** CompleteLifecycleAction: the action named by token, else by instance. */
    void completeAction(String groupName, String hookName, String instanceId, String token, String result) {
        Group g = group(groupName);
        g.hooks.complete(hookName, instanceId, token, result).ifPresent(o -> simulation.waitEnded(g, o, aws.clock().now()));
    }

    /** RecordLifecycleActionHeartbeat. */
    void heartbeat(String groupName, String hookName, String instanceId, String token) {
        Group g = group(groupName);
        g.hooks.heartbeat(hookName, instanceId, token, aws.clock().now());
    }

    // ---- processes ----

    /** SuspendProcesses: no names, every process. */
    void suspend(String groupName, List<String> processes) {
        group(groupName).processes.suspend(processes, aws.clock().now());
    }

    /** ResumeProcesses: no names, every process. */
    void resume(String groupName, List<String> processes) {
        group(groupName).processes.resume(processes);
    }

    // ---- tags ----

    /** CreateOrUpdateTags: every tag names its group; all are checked before any is applied. */
    void createOrUpdateTags(List<TagRequest> requests) {
        checkTagged(requests);
        Map<Group, List<GroupTags.Tag>> byGroup = new LinkedHashMap<>();
        requests.forEach(t -> byGroup.computeIfAbsent(group(t.groupName()), x -> new ArrayList<>()).add(t.tag()));
        byGroup.forEach((g, tags) -> g.tags.put(g.name, tags));
    }

    /** DeleteTags: by key, and by value where one is given. */
    void deleteTags(List<TagRequest> requests) {
        checkTagged(requests);
        for (TagRequest t : requests) {
            group(t.groupName()).tags.delete(t.tag().key(), t.valueGiven() ? t.tag().value() : null);
        }
    }

    private void checkTagged(List<TagRequest> requests) {
        if (requests.isEmpty()) {
            throw AutoScalingErrors.missingTags();
        }
        for (TagRequest t : requests) {
            if (t.groupName() == null || t.groupName().isEmpty()) {
                throw AutoScalingErrors.missingTagResourceId();
            }
            group(t.groupName());
        }
    }
}
