package io.consulfactory.local.cloud.autoscaling;

import io.consulfactory.local.cloud.AwsError;
import io.consulfactory.local.cloud.AwsRequest;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.LocalService;
import io.consulfactory.local.cloud.Protocol;
import io.consulfactory.local.cloud.QueryParams;
import io.consulfactory.local.cloud.Xml;
import io.consulfactory.local.cloud.ec2.Ec2Service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
 * local clock.
 *
 * <p>Simplifications: EC2 health checks only (a test can mark an image unhealthy, as a failing ELB or
 * custom check would); no scaling policies, warm pools, mixed instances policies, standby, checkpoints or
 * bake time; lifecycle hooks send no notifications; a refresh fails at its first new instance that fails its
 * health checks or is abandoned by a lifecycle hook (AWS retries a failed replacement for a while first).
 */
public final class AutoScalingService implements LocalService {

    static final String PENDING = "Pending";
    static final String PENDING_WAIT = "Pending:Wait";
    static final String PENDING_PROCEED = "Pending:Proceed";
    static final String IN_SERVICE = "InService";
    static final String TERMINATING = "Terminating";
    static final String TERMINATING_WAIT = "Terminating:Wait";
    static final String TERMINATING_PROCEED = "Terminating:Proceed";

    static final class Member {
        final String instanceId;
        final String subnetId;
        final String availabilityZone;
        final String instanceType;
        final String launchTemplateId;
        final String launchTemplateName;
        final int version;
        String lifecycle = PENDING;
        String health = "Healthy";
        Instant inServiceAt;
        /** Why it is being terminated, kept for EC2 while a terminating lifecycle hook holds it. */
        String terminationReason;

        Member(Ec2Service.Launched launched, String subnetId) {
            this.instanceId = launched.instanceId();
            this.subnetId = subnetId;
            this.availabilityZone = launched.availabilityZone();
            this.instanceType = launched.instanceType();
            this.launchTemplateId = launched.launchTemplateId();
            this.launchTemplateName = launched.launchTemplateName();
            this.version = launched.version();
        }

        /** Counted in the group's capacity: anything not on its way out. */
        boolean active() {
            return !lifecycle.startsWith(TERMINATING);
        }
    }

    static final class Refresh {
        final String id;
        final Instant start;
        final int minHealthy;
        final int maxHealthy;
        final Integer warmup;
        final boolean skipMatching;
        final boolean autoRollback;
        /** Whether StartInstanceRefresh named a desired configuration (a rollback needs one). */
        final boolean desiredConfiguration;
        final String previousTemplateId;
        final String previousVersionRef;
        final String targetTemplateId;
        final String targetVersionRef;
        int targetVersion;
        Set<String> toReplace = new HashSet<>();
        int total;
        String status = "Pending";
        String reason;
        Instant end;
        String rollbackReason;
        Instant rollbackStart;
        Integer percentageOnRollback;
        Integer toUpdateOnRollback;

        Refresh(String id, Instant start, int minHealthy, int maxHealthy, Integer warmup, boolean skipMatching,
                boolean autoRollback, boolean desiredConfiguration, String previousTemplateId, String previousVersionRef,
                String targetTemplateId, String targetVersionRef) {
            this.id = id;
            this.start = start;
            this.minHealthy = minHealthy;
            this.maxHealthy = maxHealthy;
            this.warmup = warmup;
            this.skipMatching = skipMatching;
            this.autoRollback = autoRollback;
            this.desiredConfiguration = desiredConfiguration;
            this.previousTemplateId = previousTemplateId;
            this.previousVersionRef = previousVersionRef;
            this.targetTemplateId = targetTemplateId;
            this.targetVersionRef = targetVersionRef;
        }

        boolean active() {
            return status.equals("Pending") || status.equals("InProgress") || status.equals("RollbackInProgress")
                    || status.equals("Cancelling");
        }

        int percentageComplete() {
            if (status.equals("Successful") || status.equals("RollbackSuccessful")) {
                return 100;
            }
            // During a rollback the instances to replace are counted against the refresh's own total.
            return total == 0 ? 0 : (int) Math.max(0, 100L * (total - toReplace.size()) / total);
        }
    }

    static final class Group {
        final String name;
        final Instant created;
        String templateId;
        String templateName;
        String versionRef;
        int min;
        int max;
        int desired;
        List<String> subnets;
        String healthCheckType = "EC2";
        int grace;
        Integer defaultWarmup;
        final GroupTags tags = new GroupTags();
        final LifecycleHooks hooks = new LifecycleHooks();
        final ScalingProcesses processes = new ScalingProcesses();
        final List<Member> members = new ArrayList<>();
        final List<Refresh> refreshes = new ArrayList<>();
        /** Since when the group is settled (see {@link #settledSince}), or {@code null} while it is not. */
        Instant settledSince;

        Group(String name, Instant created) {
            this.name = name;
            this.created = created;
        }

        String arn() {
            return "arn:aws:autoscaling:" + LocalAws.DEFAULT_REGION + ":" + LocalAws.ACCOUNT_ID
                    + ":autoScalingGroup:" + UUID.nameUUIDFromBytes(name.getBytes()) + ":autoScalingGroupName/" + name;
        }

        Refresh activeRefresh() {
            return refreshes.stream().filter(Refresh::active).findFirst().orElse(null);
        }

        List<Member> active() {
            return members.stream().filter(Member::active).toList();
        }

        Member member(String instanceId) {
            return members.stream().filter(m -> m.instanceId.equals(instanceId)).findFirst().orElse(null);
        }

        boolean suspended(String process) {
            return processes.suspended(process);
        }
    }

    /**
     * The empty {@code <ActionResult/>} of the calls whose output is an empty "Answer" shape with a result
     * wrapper (PutLifecycleHook, CompleteLifecycleAction, …): botocore insists on the element, the Java SDK not.
     */
    private static final List<Xml> ANSWER = List.of();

    private final LocalAws aws;
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Set<String> unhealthyImages = new HashSet<>();

    public AutoScalingService(LocalAws aws) {
        this.aws = aws;
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
            step(group, now);
            boolean settled = settled(group);
            group.settledSince = !settled ? null : group.settledSince == null ? now : group.settledSince;
        }
    }

    private boolean settled(Group g) {
        if (g.activeRefresh() != null || g.members.size() != g.desired) {
            return false;
        }
        int version;
        try {
            version = currentVersion(g);
        } catch (AwsError e) {
            return false; // its launch template is gone
        }
        return g.members.stream().allMatch(m -> m.lifecycle.equals(IN_SERVICE) && m.health.equals("Healthy") && m.version == version);
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

    // ---- the simulation ----

    private void step(Group g, Instant now) {
        Ec2Service ec2 = aws.ec2();
        for (LifecycleHooks.Outcome o : g.hooks.expire(now)) {
            waitEnded(g, o, now);
        }
        Refresh refresh = g.activeRefresh();
        for (Member m : List.copyOf(g.members)) {
            String state = ec2.instanceState(m.instanceId);
            if (state == null || state.equals("terminated")) {
                g.members.remove(m);
                g.hooks.forget(m.instanceId);
                continue;
            }
            if (!m.active()) {
                continue;
            }
            if (m.lifecycle.equals(PENDING) && g.hooks.has(LifecycleHooks.LAUNCHING)) {
                // User guide, "Amazon EC2 Auto Scaling instance lifecycle": with a launch hook "the instances move
                // from the Pending state to the Pending:Wait state" once launched, while EC2 boots them.
                m.lifecycle = PENDING_WAIT;
                g.hooks.open(m.instanceId, LifecycleHooks.LAUNCHING, now);
            } else if ((m.lifecycle.equals(PENDING) || m.lifecycle.equals(PENDING_PROCEED)) && state.equals("running")) {
                // User guide, "Amazon EC2 Auto Scaling lifecycle hooks": with a hook, "the health check grace period
                // does not start until the lifecycle hook actions complete and the instance enters the InService state".
                m.lifecycle = IN_SERVICE;
                m.inServiceAt = now;
            }
            if (g.suspended("HealthCheck")) {
                continue; // user guide: "stops marking instances unhealthy as a result of EC2 … health checks"
            }
            if (!state.equals("running") && !state.equals("pending")) {
                m.health = "Unhealthy"; // EC2 health check: the instance is stopping, stopped or shutting down
            }
            if (m.lifecycle.equals(IN_SERVICE) && unhealthyImages.contains(ec2.instanceImage(m.instanceId))
                    && !now.isBefore(m.inServiceAt.plusSeconds(g.grace))) {
                m.health = "Unhealthy";
            }
            if (m.health.equals("Unhealthy")) {
                if (refresh != null && refresh.status.equals("InProgress") && m.version == refresh.targetVersion) {
                    fail(g, refresh, "Instance refresh failed: new instance " + m.instanceId + " failed its health checks"
                            + " and was replaced.", now);
                }
                // "How suspended processes affect other processes": with ReplaceUnhealthy suspended, or Terminate
                // (which "applies only to instances that are currently in the InService state"), it is kept.
                boolean kept = g.suspended("ReplaceUnhealthy") || (g.suspended("Terminate") && m.lifecycle.equals(IN_SERVICE));
                if (!kept) {
                    terminate(g, m, "an EC2 health check found the instance unhealthy", now);
                }
            }
        }
        refresh = g.activeRefresh();
        if (refresh != null) {
            refreshStep(g, refresh, now);
        }
        List<Member> active = g.active();
        if (active.size() < g.desired) {
            for (int n = active.size(); n < g.desired; n++) {
                launch(g, null);
            }
        } else if (active.size() > g.desired && g.activeRefresh() == null && !g.suspended("Terminate")) {
            int current = currentVersion(g);
            active.stream().sorted(Comparator.comparing((Member m) -> m.version == current).thenComparing(m -> m.inServiceAt == null))
                    .limit(active.size() - g.desired).forEach(m -> terminate(g, m, "the group is above its desired capacity", now));
        }
    }

    /**
     * One step of a rolling refresh. With a maximum healthy percentage above 100 the new instances are
     * launched first and old ones terminated once the new are in service and warmed up; at 100 old ones
     * are terminated first, as few as the minimum healthy percentage allows (at least one). A new instance held
     * by a launch lifecycle hook is not in service, so the refresh waits for it, and its warmup starts when it
     * enters InService (user guide, "instance refresh", considerations: "the warm-up period does not start until
     * the lifecycle hook actions are complete and the instance enters the InService state").
     */
    private void refreshStep(Group g, Refresh r, Instant now) {
        if (r.status.equals("Pending")) {
            r.status = "InProgress";
        }
        if (r.status.equals("Cancelling")) {
            r.status = "Cancelled";
            r.end = now;
            return;
        }
        if (g.suspended("Launch") || g.suspended("Terminate") || g.suspended("InstanceRefresh")) {
            return; // "How suspended processes affect other processes": "InstanceRefresh does not replace instances"
        }
        List<Member> active = g.active();
        r.toReplace.removeIf(id -> active.stream().noneMatch(m -> m.instanceId.equals(id)));
        int warmup = r.warmup != null ? r.warmup : g.defaultWarmup != null ? g.defaultWarmup : g.grace;
        // Instances that are going anyway do not hold the refresh up (a rollback replaces a new one still waiting).
        boolean settling = active.stream().anyMatch(m -> !r.toReplace.contains(m.instanceId)
                && (!m.lifecycle.equals(IN_SERVICE) || now.isBefore(m.inServiceAt.plusSeconds(warmup))));
        if (settling) {
            return;
        }
        if (r.toReplace.isEmpty() && active.size() == g.desired) {
            r.status = r.status.equals("RollbackInProgress") ? "RollbackSuccessful" : "Successful";
            r.end = now;
            return;
        }
        // Those not in service go first: they serve no one.
        List<Member> old = active.stream().filter(m -> r.toReplace.contains(m.instanceId))
                .sorted(Comparator.comparing((Member m) -> m.lifecycle.equals(IN_SERVICE))).toList();
        if (active.size() > g.desired) {
            old.stream().limit(active.size() - g.desired).forEach(m -> terminate(g, m, "replaced by an instance refresh", now));
            r.toReplace.removeIf(id -> g.members.stream().anyMatch(m -> m.instanceId.equals(id) && !m.active()));
            return;
        }
        int maxInService = Math.max(g.desired, (int) Math.floor(g.desired * r.maxHealthy / 100.0));
        int minReady = (int) Math.ceil(g.desired * r.minHealthy / 100.0);
        if (maxInService > active.size()) {
            // Each new instance goes where the old one it replaces runs, so the zones stay balanced.
            for (int n = 0; n < Math.min(maxInService - active.size(), old.size()); n++) {
                launch(g, old.get(n).subnetId);
            }
            return;
        }
        int batch = Math.min(old.size(), Math.max(1, active.size() - minReady));
        old.stream().limit(batch).forEach(m -> terminate(g, m, "replaced by an instance refresh", now));
        r.toReplace.removeIf(id -> g.members.stream().anyMatch(m -> m.instanceId.equals(id) && !m.active()));
    }

    private void fail(Group g, Refresh r, String reason, Instant now) {
        r.reason = reason;
        if (r.autoRollback) {
            rollback(g, r, reason, now);
        } else {
            r.status = "Failed";
            r.end = now;
        }
    }

    /**
     * Back to the configuration the group had before the refresh: every instance not launched from it is replaced
     * (RollbackInstanceRefresh's API reference: "replaces any instances that were replaced during the instance
     * refresh. This restores your Auto Scaling group to the configuration that it was using before").
     */
    private void rollback(Group g, Refresh r, String reason, Instant now) {
        r.rollbackReason = reason;
        r.rollbackStart = now;
        r.percentageOnRollback = r.percentageComplete();
        r.toUpdateOnRollback = r.toReplace.size();
        r.status = "RollbackInProgress";
        g.templateId = r.previousTemplateId;
        g.templateName = aws.ec2().launchTemplateName(r.previousTemplateId);
        g.versionRef = r.previousVersionRef;
        int restored = currentVersion(g);
        r.targetVersion = restored;
        r.toReplace = new HashSet<>(g.active().stream().filter(m -> m.version != restored
                || !m.launchTemplateId.equals(g.templateId)).map(m -> m.instanceId).toList());
    }

    /** Launches one instance: into {@code subnet} when given, else into the subnet with the fewest members. */
    private void launch(Group g, String preferredSubnet) {
        if (g.suspended("Launch")) {
            return; // SuspendProcesses: the Launch process "adds instances to the Auto Scaling group"; none while suspended
        }
        Map<String, Integer> perZone = new LinkedHashMap<>();
        for (String subnet : g.subnets) {
            perZone.put(subnet, 0);
        }
        for (Member m : g.active()) {
            perZone.merge(m.subnetId, 1, Integer::sum);
        }
        String subnet = preferredSubnet != null ? preferredSubnet
                : perZone.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
        Map<String, String> tags = new LinkedHashMap<>(g.tags.propagated());
        tags.put("aws:autoscaling:groupName", g.name);
        Ec2Service.Launched launched = aws.ec2().launchFromTemplate(g.templateId, g.templateName, g.versionRef, subnet, tags);
        g.members.add(new Member(launched, subnet));
    }

    /**
     * Takes the instance out of the group. With a terminating lifecycle hook it waits in {@code Terminating:Wait}
     * (still running) until the hook's actions end, then EC2 terminates it.
     */
    private void terminate(Group g, Member m, String why, Instant now) {
        g.hooks.forget(m.instanceId);
        m.terminationReason = "Auto Scaling: " + why;
        if (g.hooks.has(LifecycleHooks.TERMINATING)) {
            m.lifecycle = TERMINATING_WAIT;
            g.hooks.open(m.instanceId, LifecycleHooks.TERMINATING, now);
        } else {
            m.lifecycle = TERMINATING;
            aws.ec2().terminateInstance(m.instanceId, m.terminationReason);
        }
    }

    /** A wait state ended (completed, timed out, or its hook deleted): the instance moves on. */
    private void waitEnded(Group g, LifecycleHooks.Outcome o, Instant now) {
        Member m = g.member(o.instanceId());
        if (m == null) {
            return;
        }
        if (m.lifecycle.equals(PENDING_WAIT)) {
            if (o.result().equals(LifecycleHooks.CONTINUE)) {
                m.lifecycle = PENDING_PROCEED; // InService once EC2 runs it, at the next step
            } else {
                abandon(g, m, o.cause(), now);
            }
        } else if (m.lifecycle.equals(TERMINATING_WAIT)) {
            // User guide: "If the instance is terminating, both ABANDON and CONTINUE allow the instance to terminate".
            m.lifecycle = TERMINATING_PROCEED;
            aws.ec2().terminateInstance(m.instanceId, m.terminationReason);
        }
    }

    /**
     * A launch abandoned: the instance is terminated and the group launches another in its place (user guide,
     * lifecycle hooks: "ABANDON indicates that your custom actions were unsuccessful, and that Auto Scaling can
     * terminate the instance"). A new instance of a refresh abandoned fails the refresh. Simplification: the
     * abandoned instance goes without the group's terminating hooks.
     */
    private void abandon(Group g, Member m, String cause, Instant now) {
        Refresh r = g.activeRefresh();
        if (r != null && r.status.equals("InProgress") && m.version == r.targetVersion
                && m.launchTemplateId.equals(r.targetTemplateId)) {
            fail(g, r, "Instance refresh failed: new instance " + m.instanceId + " was abandoned (" + cause + ").", now);
        }
        m.lifecycle = TERMINATING;
        m.terminationReason = "Auto Scaling: the launch lifecycle action was abandoned (" + cause + ")";
        aws.ec2().terminateInstance(m.instanceId, m.terminationReason);
    }

    private int currentVersion(Group g) {
        return aws.ec2().launchFromTemplateVersion(g.templateId, g.templateName, g.versionRef);
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
        step(g, aws.clock().now());
        return null;
    }

    private Object update(QueryParams p) {
        Group g = group(p.required("AutoScalingGroupName"));
        configure(g, p, false);
        step(g, aws.clock().now());
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
            m.lifecycle = TERMINATING;
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
        r.targetVersion = currentVersion(g);
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
        rollback(g, r, "Rollback started by a RollbackInstanceRefresh call.", aws.clock().now()); // wording ours
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
            waitEnded(g, o, aws.clock().now());
        }
        return ANSWER;
    }

    private Object completeAction(QueryParams p) {
        String hookName = p.required("LifecycleHookName");
        String result = LifecycleHookWire.result(p.required("LifecycleActionResult"), "LifecycleActionResult");
        Group g = group(p.required("AutoScalingGroupName"));
        g.hooks.complete(hookName, p.get("InstanceId"), p.get("LifecycleActionToken"), result)
                .ifPresent(o -> waitEnded(g, o, aws.clock().now()));
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
