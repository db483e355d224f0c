package io.consulfactory.local.cloud.autoscaling;

import io.consulfactory.local.cloud.AwsError;
import io.consulfactory.local.cloud.AwsRequest;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.LocalService;
import io.consulfactory.local.cloud.Protocol;
import io.consulfactory.local.cloud.QueryParams;
import io.consulfactory.local.cloud.Xml;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.consulfactory.local.cloud.Xml.el;
import static io.consulfactory.local.cloud.Xml.node;

/**
 * EC2 Auto Scaling (query protocol): groups that launch instances from a launch template across their
 * subnets, propagate tags, keep the desired capacity (EC2 health checks replace stopped or failed
 * instances), lifecycle hooks that hold launching and terminating instances in a wait state
 * ({@link LifecycleHooks}), suspended processes ({@link ScalingProcesses}), and instance refreshes that replace
 * instances in batches obeying the minimum and maximum healthy percentages and the warmup, and roll back, on the
 * local clock; each launch, and each launch EC2 refuses, is a scaling activity ({@link Activity}). This class is the wire (parameters in, XML out) and the dispatcher; the groups' state is in
 * {@link Group}, {@link Member}, {@link Refresh}, {@link LifecycleHooks}, {@link ScalingProcesses} and
 * {@link GroupTags}, what they do over time in {@link GroupSimulation}, and the new calls' errors in
 * {@link AutoScalingErrors}.
 *
 * <p>Simplifications: EC2 health checks only (a test can mark an image unhealthy, as a failing ELB or
 * custom check would); no scaling policies, warm pools, mixed instances policies, standby, checkpoints or
 * bake time; lifecycle hooks send no notifications; a refresh fails at its first new instance that fails its
 * health checks or is abandoned by a lifecycle hook (AWS retries a failed replacement for a while first).
 */
public final class AutoScalingService implements LocalService {

    /**
     * The empty {@code <ActionResult/>} of the calls whose output is an empty "Answer" shape with a result
     * wrapper (PutLifecycleHook, CompleteLifecycleAction, …): botocore insists on the element, the Java SDK not.
     */
    private static final List<Xml> ANSWER = List.of();

    private final LocalAws aws;
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Set<String> unhealthyImages = new HashSet<>();

    private final GroupSimulation simulation;

    public AutoScalingService(LocalAws aws) {
        this.aws = aws;
        this.simulation = new GroupSimulation(aws, unhealthyImages);
    }

    @Override
    public String signingName() {
        return "autoscaling";
    }

    @Override
    public Protocol protocol() {
        return Protocol.AWS_QUERY;
    }

    @Override
    public String xmlNamespace() {
        return "http://autoscaling.amazonaws.com/doc/2011-01-01/";
    }

    @Override
    public void reset() {
        groups.clear();
        unhealthyImages.clear();
    }

    /**
     * Instances launched from this image fail their health checks once the grace period ends (as a broken
     * server would fail an ELB or custom check): a refresh to it fails.
     */
    public void unhealthyImage(String imageId) {
        synchronized (aws) {
            unhealthyImages.add(imageId);
        }
    }

    @Override
    public void advanceTo(Instant now) {
        for (Group group : groups.values()) {
            simulation.advance(group, now);
        }
    }

    /**
     * Since when the group has been settled: its desired servers in service and healthy on its current launch
     * template version, nothing else in it and no refresh running (what the workflow's cluster check waits
     * for), at the simulation's 5-second resolution; {@code null} while it is not settled.
     */
    public Instant settledSince(String groupName) {
        synchronized (aws) {
            aws.simulate();
            Group g = groups.get(groupName);
            return g == null ? null : g.settledSince;
        }
    }

    /**
     * The instance's lifecycle state in its group ({@code Pending}, {@code Pending:Wait}, {@code InService},
     * {@code Terminating:Wait}, …), or {@code null} when no group has it (any more).
     */
    public String lifecycleState(String instanceId) {
        synchronized (aws) {
            aws.simulate();
            return groups.values().stream().map(g -> g.member(instanceId)).filter(m -> m != null)
                    .map(m -> m.lifecycle).findFirst().orElse(null);
        }
    }

    /**
     * The token of the hook's open lifecycle action on the instance, as the hook's notification would carry it
     * (the local AWS sends none), or {@code null} when no such action is open.
     */
    public String lifecycleActionToken(String groupName, String hookName, String instanceId) {
        synchronized (aws) {
            aws.simulate();
            Group g = groups.get(groupName);
            return g == null ? null : g.hooks.token(instanceId, hookName).orElse(null);
        }
    }

    @Override
    public Object handle(AwsRequest request) {
        QueryParams p = request.params();
        return switch (request.action()) {
            case "CreateAutoScalingGroup" -> create(p);
            case "UpdateAutoScalingGroup" -> update(p);
            case "DeleteAutoScalingGroup" -> delete(p);
            case "DescribeAutoScalingGroups" -> describe(p);
            case "DescribeAutoScalingInstances" -> describeInstances(p);
            case "DescribeScalingActivities" -> describeActivities(p);
            case "StartInstanceRefresh" -> startRefresh(p);
            case "DescribeInstanceRefreshes" -> describeRefreshes(p);
            case "CancelInstanceRefresh" -> cancelRefresh(p);
            case "RollbackInstanceRefresh" -> rollbackRefresh(p);
            case "PutLifecycleHook" -> putHook(p);
            case "DescribeLifecycleHooks" -> describeHooks(p);
            case "DeleteLifecycleHook" -> deleteHook(p);
            case "DescribeLifecycleHookTypes" -> List.of(node("LifecycleHookTypes",
                    el("member", LifecycleHooks.LAUNCHING), el("member", LifecycleHooks.TERMINATING)));
            case "CompleteLifecycleAction" -> completeAction(p);
            case "RecordLifecycleActionHeartbeat" -> heartbeat(p);
            case "SuspendProcesses" -> suspend(p);
            case "ResumeProcesses" -> resume(p);
            case "DescribeScalingProcessTypes" -> List.of(node("Processes", ScalingProcesses.ALL.stream()
                    .map(n -> node("member", el("ProcessName", n))).toList()));
            case "CreateOrUpdateTags" -> createOrUpdateTags(p);
            case "DeleteTags" -> deleteTags(p);
            case "DescribeTags" -> describeTags(p);
            default -> throw AwsError.client("InvalidAction", "Could not find operation " + request.action() + " for version 2011-01-01");
        };
    }

    // ---- the API: groups ----

    private Object create(QueryParams p) {
        String name = p.required("AutoScalingGroupName");
        if (groups.containsKey(name)) {
            throw AwsError.client("AlreadyExists", "AutoScalingGroup by this name already exists - A group with the name "
                    + name + " already exists");
        }
        Group g = new Group(name, aws.clock().now());
        configure(g, p, true);
        g.tags.put(name, GroupTagsWire.tags(p).stream().map(GroupTagsWire.TagRequest::tag).toList());
        // Hooks in LifecycleHookSpecificationList exist before the first launch, so the first instances wait too.
        for (LifecycleHooks.HookRequest hook : LifecycleHookWire.specifications(p)) {
            g.hooks.put(name, hook);
        }
        groups.put(name, g);
        simulation.step(g, aws.clock().now());
        return null;
    }

    private Object update(QueryParams p) {
        Group g = group(p.required("AutoScalingGroupName"));
        configure(g, p, false);
        simulation.step(g, aws.clock().now());
        return null;
    }

    private void configure(Group g, QueryParams p, boolean creating) {
        if (p.has("LaunchTemplate.LaunchTemplateId") || p.has("LaunchTemplate.LaunchTemplateName")) {
            String id = p.get("LaunchTemplate.LaunchTemplateId");
            String ltName = p.get("LaunchTemplate.LaunchTemplateName");
            String version = p.get("LaunchTemplate.Version", "$Default");
            aws.ec2().launchFromTemplateVersion(id, ltName, version); // validates
            g.templateId = aws.ec2().launchTemplateId(id, ltName);
            g.templateName = aws.ec2().launchTemplateName(g.templateId);
            g.versionRef = version;
        } else if (creating) {
            throw AwsError.client("ValidationError", "Valid requests must contain either LaunchTemplate, LaunchConfigurationName,"
                    + " InstanceId or MixedInstancesPolicy parameter.");
        }
        g.min = p.has("MinSize") ? p.integer("MinSize") : g.min;
        g.max = p.has("MaxSize") ? p.integer("MaxSize") : g.max;
        g.desired = p.has("DesiredCapacity") ? p.integer("DesiredCapacity") : creating ? g.min : Math.max(g.min, Math.min(g.max, g.desired));
        if (g.min > g.max || g.desired < g.min || g.desired > g.max) {
            throw AwsError.client("ValidationError", "Desired capacity:" + g.desired + " must be between the specified min size:"
                    + g.min + " and max size:" + g.max);
        }
        if (p.has("VPCZoneIdentifier")) {
            List<String> subnets = List.of(p.get("VPCZoneIdentifier").split(","));
            for (String subnet : subnets) {
                if (!aws.ec2().subnetExists(subnet.strip())) {
                    throw AwsError.client("ValidationError", "The subnet ID '" + subnet + "' does not exist");
                }
            }
            g.subnets = subnets.stream().map(String::strip).toList();
        } else if (creating) {
            throw AwsError.client("ValidationError", "At least one Availability Zone or VPC Subnet is required.");
        }
        g.healthCheckType = p.get("HealthCheckType", g.healthCheckType);
        g.grace = p.has("HealthCheckGracePeriod") ? p.integer("HealthCheckGracePeriod") : creating ? 0 : g.grace;
        g.defaultWarmup = p.has("DefaultInstanceWarmup") ? p.integer("DefaultInstanceWarmup") : g.defaultWarmup;
    }

    private Object delete(QueryParams p) {
        Group g = group(p.required("AutoScalingGroupName"));
        boolean force = Boolean.parseBoolean(p.get("ForceDelete", "false"));
        if (!g.active().isEmpty() && !force) {
            throw AwsError.client("ResourceInUse", "You cannot delete an AutoScalingGroup while there are instances or pending"
                    + " Spot instance request(s) still in the group.");
        }
        // ForceDelete (API reference): "without waiting for all instances to be terminated. This action also deletes
        // any outstanding lifecycle actions associated with the group", so no terminating hook holds them.
        for (Member m : g.members) {
            m.lifecycle = Member.TERMINATING;
            aws.ec2().terminateInstance(m.instanceId, "Auto Scaling: the group was deleted");
        }
        groups.remove(g.name);
        return null;
    }

    private Object describe(QueryParams p) {
        List<String> names = p.strings("AutoScalingGroupNames");
        List<QueryParams> filters = p.list("Filters");
        List<Xml> items = new ArrayList<>();
        for (Group g : groups.values()) {
            if (!names.isEmpty() && !names.contains(g.name)) {
                continue;
            }
            boolean match = true;
            for (QueryParams filter : filters) {
                String name = filter.required("Name");
                List<String> values = filter.strings("Values");
                GroupTags.Tag tag = name.startsWith("tag:") ? g.tags.get(name.substring(4)) : null;
                match &= name.startsWith("tag:") ? tag != null && values.contains(tag.value())
                        : name.equals("tag-key") ? g.tags.all().stream().anyMatch(t -> values.contains(t.key()))
                        : name.equals("tag-value") && g.tags.all().stream().anyMatch(t -> values.contains(t.value()));
            }
            if (match) {
                items.add(groupXml(g));
            }
        }
        return List.of(node("AutoScalingGroups", items));
    }

    /**
     * Every group's instances (DescribeAutoScalingInstances' API reference: "If you specify an ID that does not
     * exist, it is ignored with no error"); its HealthStatus is upper case, as the API reference's example shows it.
     */
    private Object describeInstances(QueryParams p) {
        List<String> ids = p.strings("InstanceIds");
        List<Xml> items = new ArrayList<>();
        for (Group g : groups.values()) {
            for (Member m : g.members) {
                if (ids.isEmpty() || ids.contains(m.instanceId)) {
                    items.add(node("member", el("InstanceId", m.instanceId), el("InstanceType", m.instanceType),
                            el("AutoScalingGroupName", g.name), el("AvailabilityZone", m.availabilityZone),
                            el("LifecycleState", m.lifecycle), el("HealthStatus", m.health.toUpperCase()),
                            launchTemplateXml(m), el("ProtectedFromScaleIn", false)));
                }
            }
        }
        return page("AutoScalingInstances", items, p, 50, 50);
    }

    /**
     * DescribeScalingActivities: the named group's activities (or every group's), most recent first, by ActivityIds,
     * MaxRecords (at most 100, the API reference's default and maximum) and NextToken. Simplification: a deleted
     * group's activities go with it (IncludeDeletedGroups has nothing to include).
     */
    private Object describeActivities(QueryParams p) {
        String name = p.get("AutoScalingGroupName");
        List<String> ids = p.strings("ActivityIds");
        List<Group> chosen = name == null ? List.copyOf(groups.values()) : List.of(group(name));
        List<Activity> all = new ArrayList<>();
        chosen.forEach(g -> all.addAll(g.activities));
        all.sort(java.util.Comparator.comparing(Activity::start).reversed());
        List<Xml> items = all.stream().filter(a -> ids.isEmpty() || ids.contains(a.id())).map(a -> node("member",
                el("ActivityId", a.id()), el("AutoScalingGroupName", a.groupName()),
                el("AutoScalingGroupARN", groups.containsKey(a.groupName()) ? groups.get(a.groupName()).arn() : null),
                el("Description", a.description()), el("Cause", a.cause()), el("StartTime", a.start().toString()),
                el("EndTime", a.end().toString()), el("StatusCode", a.statusCode()), el("StatusMessage", a.statusMessage()),
                el("Progress", 100), el("Details", "{\"Subnet ID\":\"" + a.subnetId() + "\",\"Availability Zone\":\""
                        + a.availabilityZone() + "\"}"))).toList();
        return page("Activities", items, p, 100, 100);
    }

    // ---- the API: instance refreshes ----

    private Object startRefresh(QueryParams p) {
        Group g = group(p.required("AutoScalingGroupName"));
        if (g.activeRefresh() != null) {
            throw AwsError.client("InstanceRefreshInProgress", "An Instance Refresh is already in progress and blocks the"
                    + " execution of this Instance Refresh.");
        }
        int min = p.has("Preferences.MinHealthyPercentage") ? p.integer("Preferences.MinHealthyPercentage") : 90;
        int max = p.has("Preferences.MaxHealthyPercentage") ? p.integer("Preferences.MaxHealthyPercentage") : 100;
        if (min < 0 || min > 100 || max < 100 || max > 200 || max - min > 100) {
            throw AwsError.client("ValidationError", "MinHealthyPercentage must be 0-100, MaxHealthyPercentage 100-200, and"
                    + " their difference at most 100.");
        }
        String targetId = g.templateId;
        String targetRef = g.versionRef;
        boolean desired = p.has("DesiredConfiguration.LaunchTemplate.LaunchTemplateId")
                || p.has("DesiredConfiguration.LaunchTemplate.LaunchTemplateName");
        if (desired) {
            String id = p.get("DesiredConfiguration.LaunchTemplate.LaunchTemplateId");
            String ltName = p.get("DesiredConfiguration.LaunchTemplate.LaunchTemplateName");
            targetRef = p.get("DesiredConfiguration.LaunchTemplate.Version", "$Default");
            aws.ec2().launchFromTemplateVersion(id, ltName, targetRef);
            targetId = aws.ec2().launchTemplateId(id, ltName);
        }
        boolean autoRollback = Boolean.parseBoolean(p.get("Preferences.AutoRollback", "false"));
        String irreversible = irreversibleBecause(desired, g.versionRef);
        if (autoRollback && irreversible != null) {
            // User guide, "Undo changes with a rollback": "you receive an error when you start … an instance refresh
            // with auto rollback enabled" (the error code is our choice).
            throw AwsError.client("ValidationError", "AutoRollback is not possible: " + irreversible);
        }
        Refresh r = new Refresh(UUID.randomUUID().toString(), aws.clock().now(), min, max,
                p.integer("Preferences.InstanceWarmup"), Boolean.parseBoolean(p.get("Preferences.SkipMatching", "false")),
                autoRollback, desired, g.templateId, g.versionRef, targetId, targetRef);
        g.templateId = targetId;
        g.templateName = aws.ec2().launchTemplateName(targetId);
        g.versionRef = targetRef;
        r.targetVersion = simulation.currentVersion(g);
        for (Member m : g.active()) {
            if (!r.skipMatching || m.version != r.targetVersion || !m.launchTemplateId.equals(targetId)) {
                r.toReplace.add(m.instanceId);
            }
        }
        r.total = r.toReplace.size();
        g.refreshes.add(0, r);
        return el("InstanceRefreshId", r.id);
    }

    /**
     * Why a refresh could not be rolled back, or {@code null} (user guide, "Undo changes with a rollback": "only
     * available if you specify a desired configuration"; "You can only roll back to a previous version of a launch
     * template if the version is a specific numbered version"). The local launch templates hold AMI ids only, so
     * the third rule (no SSM parameter as the image) always holds.
     */
    private static String irreversibleBecause(boolean desiredConfiguration, String previousVersionRef) {
        if (!desiredConfiguration) {
            return "the instance refresh has no desired configuration.";
        }
        if (previousVersionRef.startsWith("$")) {
            return "the Auto Scaling group used the launch template version " + previousVersionRef
                    + ", not a specific version, before the instance refresh.";
        }
        return null;
    }

    private Object describeRefreshes(QueryParams p) {
        Group g = group(p.required("AutoScalingGroupName"));
        List<String> ids = p.strings("InstanceRefreshIds");
        List<Xml> items = g.refreshes.stream().filter(r -> ids.isEmpty() || ids.contains(r.id)).map(r -> node("member",
                el("InstanceRefreshId", r.id), el("AutoScalingGroupName", g.name), el("Status", r.status),
                el("StatusReason", r.reason), el("StartTime", r.start.toString()),
                r.end == null ? null : el("EndTime", r.end.toString()),
                el("PercentageComplete", r.percentageComplete()), el("InstancesToUpdate", r.toReplace.size()),
                node("Preferences", el("MinHealthyPercentage", r.minHealthy), el("MaxHealthyPercentage", r.maxHealthy),
                        el("InstanceWarmup", r.warmup), el("SkipMatching", r.skipMatching), el("AutoRollback", r.autoRollback),
                        el("ScaleInProtectedInstances", "Ignore"), el("StandbyInstances", "Ignore")),
                node("DesiredConfiguration", node("LaunchTemplate", el("LaunchTemplateId", r.targetTemplateId),
                        el("LaunchTemplateName", aws.ec2().launchTemplateName(r.targetTemplateId)), el("Version", r.targetVersionRef))),
                r.rollbackStart == null ? null : node("RollbackDetails", el("RollbackReason", r.rollbackReason),
                        el("RollbackStartTime", r.rollbackStart.toString()), el("PercentageCompleteOnRollback", r.percentageOnRollback),
                        el("InstancesToUpdateOnRollback", r.toUpdateOnRollback))))
                .toList();
        return List.of(node("InstanceRefreshes", items));
    }

    private Object cancelRefresh(QueryParams p) {
        Group g = group(p.required("AutoScalingGroupName"));
        Refresh r = g.activeRefresh();
        if (r == null) {
            throw AutoScalingErrors.noActiveRefresh(g.name);
        }
        r.status = "Cancelling";
        return el("InstanceRefreshId", r.id);
    }

    /**
     * RollbackInstanceRefresh: for a refresh pending or in progress (not one already rolling back or cancelling),
     * with AWS's rules on what can be rolled back ({@link #irreversibleBecause}). The rollback starts at once
     * ("Amazon EC2 Auto Scaling immediately begins replacing instances").
     */
    private Object rollbackRefresh(QueryParams p) {
        Group g = group(p.required("AutoScalingGroupName"));
        Refresh r = g.activeRefresh();
        if (r == null || !(r.status.equals("Pending") || r.status.equals("InProgress"))) {
            throw AutoScalingErrors.noActiveRefresh(g.name);
        }
        String irreversible = irreversibleBecause(r.desiredConfiguration, r.previousVersionRef);
        if (irreversible != null) {
            throw AutoScalingErrors.irreversible(irreversible);
        }
        simulation.rollback(g, r, "Rollback started by a RollbackInstanceRefresh call.", aws.clock().now()); // wording ours
        r.reason = r.rollbackReason;
        return el("InstanceRefreshId", r.id);
    }

    // ---- the API: lifecycle hooks ----

    private Object putHook(QueryParams p) {
        LifecycleHooks.HookRequest request = LifecycleHookWire.request(p, false);
        Group g = group(p.required("AutoScalingGroupName"));
        g.hooks.put(g.name, request);
        return ANSWER;
    }

    private Object describeHooks(QueryParams p) {
        Group g = group(p.required("AutoScalingGroupName"));
        return List.of(node("LifecycleHooks", g.hooks.hooks(p.strings("LifecycleHookNames")).stream()
                .map(h -> LifecycleHookWire.hookXml(g.name, h)).toList()));
    }

    private Object deleteHook(QueryParams p) {
        String hookName = p.required("LifecycleHookName");
        Group g = group(p.required("AutoScalingGroupName"));
        for (LifecycleHooks.Outcome o : g.hooks.delete(g.name, hookName)) {
            simulation.waitEnded(g, o, aws.clock().now());
        }
        return ANSWER;
    }

    private Object completeAction(QueryParams p) {
        String hookName = p.required("LifecycleHookName");
        String result = LifecycleHookWire.result(p.required("LifecycleActionResult"), "LifecycleActionResult");
        Group g = group(p.required("AutoScalingGroupName"));
        g.hooks.complete(hookName, p.get("InstanceId"), p.get("LifecycleActionToken"), result)
                .ifPresent(o -> simulation.waitEnded(g, o, aws.clock().now()));
        return ANSWER;
    }

    private Object heartbeat(QueryParams p) {
        String hookName = p.required("LifecycleHookName");
        Group g = group(p.required("AutoScalingGroupName"));
        g.hooks.heartbeat(hookName, p.get("InstanceId"), p.get("LifecycleActionToken"), aws.clock().now());
        return ANSWER;
    }

    // ---- the API: processes and tags ----

    private Object suspend(QueryParams p) {
        Group g = group(p.required("AutoScalingGroupName"));
        g.processes.suspend(p.strings("ScalingProcesses"), aws.clock().now());
        return null;
    }

    private Object resume(QueryParams p) {
        Group g = group(p.required("AutoScalingGroupName"));
        g.processes.resume(p.strings("ScalingProcesses"));
        return null;
    }

    /** CreateOrUpdateTags: every tag names its group; all are checked before any is applied. */
    private Object createOrUpdateTags(QueryParams p) {
        List<GroupTagsWire.TagRequest> requests = tagRequests(p);
        Map<Group, List<GroupTags.Tag>> byGroup = new LinkedHashMap<>();
        requests.forEach(t -> byGroup.computeIfAbsent(group(t.groupName()), x -> new ArrayList<>()).add(t.tag()));
        byGroup.forEach((g, tags) -> g.tags.put(g.name, tags));
        return null;
    }

    private Object deleteTags(QueryParams p) {
        for (GroupTagsWire.TagRequest t : tagRequests(p)) {
            group(t.groupName()).tags.delete(t.tag().key(), t.valueGiven() ? t.tag().value() : null);
        }
        return null;
    }

    private List<GroupTagsWire.TagRequest> tagRequests(QueryParams p) {
        List<GroupTagsWire.TagRequest> requests = GroupTagsWire.tags(p);
        if (requests.isEmpty()) {
            throw AwsError.client("MissingParameter", "The request must contain the parameter Tags");
        }
        for (GroupTagsWire.TagRequest t : requests) {
            if (t.groupName() == null || t.groupName().isEmpty()) {
                throw AwsError.client("MissingParameter", "The request must contain the parameter Tags.member.N.ResourceId");
            }
            group(t.groupName());
        }
        return requests;
    }

    private Object describeTags(QueryParams p) {
        List<QueryParams> filters = GroupTagsWire.filters(p);
        List<Xml> items = new ArrayList<>();
        for (Group g : groups.values()) {
            for (GroupTags.Tag t : g.tags.all()) {
                if (GroupTagsWire.matches(filters, g.name, t)) {
                    items.add(GroupTagsWire.tagXml(g.name, t));
                }
            }
        }
        return page("Tags", items, p, 50, 100);
    }

    // ---- wire helpers ----

    /** One page of a list, by MaxRecords and NextToken (ours: the offset of the next item). */
    private static List<Xml> page(String listName, List<Xml> items, QueryParams p, int defaultSize, int maxSize) {
        Integer asked = p.integer("MaxRecords");
        if (asked != null && (asked < 1 || asked > maxSize)) {
            throw AwsError.client("ValidationError", "MaxRecords must be between 1 and " + maxSize + ".");
        }
        int size = asked == null ? defaultSize : asked;
        int from;
        try {
            from = p.has("NextToken") ? Integer.parseInt(p.get("NextToken")) : 0;
        } catch (NumberFormatException e) {
            throw AwsError.client("InvalidNextToken", "The token '" + p.get("NextToken") + "' is invalid.");
        }
        if (from < 0 || from > items.size()) {
            throw AwsError.client("InvalidNextToken", "The token '" + from + "' is invalid.");
        }
        int to = Math.min(items.size(), from + size);
        List<Xml> out = new ArrayList<>();
        out.add(node(listName, items.subList(from, to)));
        if (to < items.size()) {
            out.add(el("NextToken", to));
        }
        return out;
    }

    private Group group(String name) {
        Group g = groups.get(name);
        if (g == null) {
            throw AutoScalingErrors.groupNotFound(name);
        }
        return g;
    }

    private static Xml launchTemplateXml(Member m) {
        return node("LaunchTemplate", el("LaunchTemplateId", m.launchTemplateId), el("LaunchTemplateName", m.launchTemplateName),
                el("Version", m.version));
    }

    private Xml groupXml(Group g) {
        List<Xml> members = g.members.stream().map(m -> node("member",
                el("InstanceId", m.instanceId), el("InstanceType", m.instanceType), el("AvailabilityZone", m.availabilityZone),
                el("LifecycleState", m.lifecycle), el("HealthStatus", m.health), launchTemplateXml(m),
                el("ProtectedFromScaleIn", false))).toList();
        List<Xml> tags = g.tags.all().stream().map(t -> GroupTagsWire.tagXml(g.name, t)).toList();
        List<Xml> suspended = g.processes.all().entrySet().stream().map(e -> node("member",
                el("ProcessName", e.getKey()), el("SuspensionReason", e.getValue()))).toList();
        return node("member",
                el("AutoScalingGroupName", g.name), el("AutoScalingGroupARN", g.arn()),
                node("LaunchTemplate", el("LaunchTemplateId", g.templateId), el("LaunchTemplateName", g.templateName),
                        el("Version", g.versionRef)),
                el("MinSize", g.min), el("MaxSize", g.max), el("DesiredCapacity", g.desired), el("DefaultCooldown", 300),
                node("AvailabilityZones", g.subnets.stream().map(s -> el("member", aws.ec2().availabilityZoneOf(s))).distinct().toList()),
                node("LoadBalancerNames"), node("TargetGroupARNs"),
                el("HealthCheckType", g.healthCheckType), el("HealthCheckGracePeriod", g.grace),
                node("Instances", members), el("CreatedTime", g.created.toString()), node("SuspendedProcesses", suspended),
                el("VPCZoneIdentifier", String.join(",", g.subnets)), node("EnabledMetrics"), node("Tags", tags),
                node("TerminationPolicies", el("member", "Default")), el("NewInstancesProtectedFromScaleIn", false),
                el("DefaultInstanceWarmup", g.defaultWarmup), el("CapacityRebalance", false));
    }
}
