package io.consulfactory.local.cloud.autoscaling;

import io.consulfactory.local.cloud.AwsError;
import io.consulfactory.local.cloud.AwsRequest;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.LocalService;
import io.consulfactory.local.cloud.Protocol;
import io.consulfactory.local.cloud.QueryParams;
import io.consulfactory.local.cloud.Xml;
import io.consulfactory.local.cloud.ec2.Ec2Service;

import java.time.Duration;
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
 * instances), and instance refreshes that replace instances in batches obeying the minimum and maximum
 * healthy percentages and the warmup, on the local clock.
 *
 * <p>Simplifications: EC2 health checks only (a test can mark an image unhealthy, as a failing ELB or
 * custom check would); no scaling policies, lifecycle hooks, warm pools or mixed instances policies.
 */
public final class AutoScalingService implements LocalService {

    static final class Member {
        final String instanceId;
        final String subnetId;
        final String availabilityZone;
        final String instanceType;
        final String launchTemplateId;
        final String launchTemplateName;
        final int version;
        String lifecycle = "Pending";
        String health = "Healthy";
        Instant inServiceAt;

        Member(Ec2Service.Launched launched, String subnetId) {
            this.instanceId = launched.instanceId();
            this.subnetId = subnetId;
            this.availabilityZone = launched.availabilityZone();
            this.instanceType = launched.instanceType();
            this.launchTemplateId = launched.launchTemplateId();
            this.launchTemplateName = launched.launchTemplateName();
            this.version = launched.version();
        }

        boolean active() {
            return !lifecycle.equals("Terminating");
        }
    }

    record Tag(String key, String value, boolean propagate) {
    }

    static final class Refresh {
        final String id;
        final Instant start;
        final int minHealthy;
        final int maxHealthy;
        final Integer warmup;
        final boolean skipMatching;
        final boolean autoRollback;
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

        Refresh(String id, Instant start, int minHealthy, int maxHealthy, Integer warmup, boolean skipMatching,
                boolean autoRollback, String previousTemplateId, String previousVersionRef, String targetTemplateId,
                String targetVersionRef) {
            this.id = id;
            this.start = start;
            this.minHealthy = minHealthy;
            this.maxHealthy = maxHealthy;
            this.warmup = warmup;
            this.skipMatching = skipMatching;
            this.autoRollback = autoRollback;
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
            if (status.equals("Successful")) {
                return 100;
            }
            return total == 0 ? 0 : (int) (100L * (total - toReplace.size()) / total);
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
        final Map<String, Tag> tags = new LinkedHashMap<>();
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
    }

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
        return g.members.stream().allMatch(m -> m.lifecycle.equals("InService") && m.health.equals("Healthy") && m.version == version);
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

    @Override
    public Object handle(AwsRequest request) {
        QueryParams p = request.params();
        return switch (request.action()) {
            case "CreateAutoScalingGroup" -> create(p);
            case "UpdateAutoScalingGroup" -> update(p);
            case "DeleteAutoScalingGroup" -> delete(p);
            case "DescribeAutoScalingGroups" -> describe(p);
            case "StartInstanceRefresh" -> startRefresh(p);
            case "DescribeInstanceRefreshes" -> describeRefreshes(p);
            case "CancelInstanceRefresh" -> cancelRefresh(p);
            default -> throw AwsError.client("InvalidAction", "Could not find operation " + request.action() + " for version 2011-01-01");
        };
    }

    // ---- the simulation ----

    private void step(Group g, Instant now) {
        Ec2Service ec2 = aws.ec2();
        Refresh refresh = g.activeRefresh();
        for (Member m : List.copyOf(g.members)) {
            String state = ec2.instanceState(m.instanceId);
            if (state == null || state.equals("terminated")) {
                g.members.remove(m);
                continue;
            }
            if (!m.active()) {
                continue;
            }
            if (state.equals("running") && m.lifecycle.equals("Pending")) {
                m.lifecycle = "InService";
                m.inServiceAt = now;
            }
            if (!state.equals("running") && !state.equals("pending")) {
                m.health = "Unhealthy"; // EC2 health check: the instance is stopping, stopped or shutting down
            }
            if (m.lifecycle.equals("InService") && unhealthyImages.contains(ec2.instanceImage(m.instanceId))
                    && !now.isBefore(m.inServiceAt.plusSeconds(g.grace))) {
                m.health = "Unhealthy";
            }
            if (m.health.equals("Unhealthy")) {
                if (refresh != null && refresh.status.equals("InProgress") && m.version == refresh.targetVersion) {
                    fail(g, refresh, "Instance refresh failed: new instance " + m.instanceId + " failed its health checks"
                            + " and was replaced.", now);
                }
                terminate(g, m, "an EC2 health check found the instance unhealthy");
            }
        }
        refresh = g.activeRefresh();
        if (refresh != null) {
            refreshStep(g, refresh, now);
        }
        List<Member> active = g.active();
        if (active.size() < g.desired) {
            for (int n = active.size(); n < g.desired; n++) {
                launch(g);
            }
        } else if (active.size() > g.desired && g.activeRefresh() == null) {
            int current = currentVersion(g);
            active.stream().sorted(Comparator.comparing((Member m) -> m.version == current).thenComparing(m -> m.inServiceAt == null))
                    .limit(active.size() - g.desired).forEach(m -> terminate(g, m, "the group is above its desired capacity"));
        }
    }

    /**
     * One step of a rolling refresh. With a maximum healthy percentage above 100 the new instances are
     * launched first and old ones terminated once the new are in service and warmed up; at 100 old ones
     * are terminated first, as few as the minimum healthy percentage allows (at least one).
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
        List<Member> active = g.active();
        r.toReplace.removeIf(id -> active.stream().noneMatch(m -> m.instanceId.equals(id)));
        int warmup = r.warmup != null ? r.warmup : g.defaultWarmup != null ? g.defaultWarmup : g.grace;
        boolean settling = active.stream().anyMatch(m -> !m.lifecycle.equals("InService")
                || (!r.toReplace.contains(m.instanceId) && now.isBefore(m.inServiceAt.plusSeconds(warmup))));
        if (settling) {
            return;
        }
        if (r.toReplace.isEmpty() && active.size() == g.desired) {
            r.status = r.status.equals("RollbackInProgress") ? "RollbackSuccessful" : "Successful";
            r.end = now;
            return;
        }
        List<Member> old = active.stream().filter(m -> r.toReplace.contains(m.instanceId)).toList();
        if (active.size() > g.desired) {
            old.stream().limit(active.size() - g.desired).forEach(m -> terminate(g, m, "replaced by an instance refresh"));
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
        old.stream().limit(batch).forEach(m -> terminate(g, m, "replaced by an instance refresh"));
        r.toReplace.removeIf(id -> g.members.stream().anyMatch(m -> m.instanceId.equals(id) && !m.active()));
    }

    private void fail(Group g, Refresh r, String reason, Instant now) {
        r.reason = reason;
        if (r.autoRollback) {
            // Back to the configuration the group had: instances of the failed version are replaced.
            r.status = "RollbackInProgress";
            g.templateId = r.previousTemplateId;
            g.versionRef = r.previousVersionRef;
            int failed = r.targetVersion;
            r.targetVersion = currentVersion(g);
            r.toReplace = new HashSet<>(g.active().stream().filter(m -> m.version == failed).map(m -> m.instanceId).toList());
        } else {
            r.status = "Failed";
            r.end = now;
        }
    }

    private void launch(Group g) {
        launch(g, null);
    }

    /** Launches one instance: into {@code subnet} when given, else into the subnet with the fewest members. */
    private void launch(Group g, String preferredSubnet) {
        Map<String, Integer> perZone = new LinkedHashMap<>();
        for (String subnet : g.subnets) {
            perZone.put(subnet, 0);
        }
        for (Member m : g.active()) {
            perZone.merge(m.subnetId, 1, Integer::sum);
        }
        String subnet = preferredSubnet != null ? preferredSubnet
                : perZone.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
        Map<String, String> tags = new LinkedHashMap<>();
        g.tags.values().stream().filter(Tag::propagate).forEach(t -> tags.put(t.key(), t.value()));
        tags.put("aws:autoscaling:groupName", g.name);
        Ec2Service.Launched launched = aws.ec2().launchFromTemplate(g.templateId, g.templateName, g.versionRef, subnet, tags);
        g.members.add(new Member(launched, subnet));
    }

    private void terminate(Group g, Member m, String why) {
        m.lifecycle = "Terminating";
        aws.ec2().terminateInstance(m.instanceId, "Auto Scaling: " + why);
    }

    private int currentVersion(Group g) {
        return aws.ec2().launchFromTemplateVersion(g.templateId, g.templateName, g.versionRef);
    }

    // ---- the API ----

    private Object create(QueryParams p) {
        String name = p.required("AutoScalingGroupName");
        if (groups.containsKey(name)) {
            throw AwsError.client("AlreadyExists", "AutoScalingGroup by this name already exists - A group with the name "
                    + name + " already exists");
        }
        Group g = new Group(name, aws.clock().now());
        configure(g, p, true);
        for (QueryParams tag : p.list("Tags")) {
            g.tags.put(tag.required("Key"), new Tag(tag.required("Key"), tag.get("Value", ""),
                    Boolean.parseBoolean(tag.get("PropagateAtLaunch", "false"))));
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
        g.active().forEach(m -> terminate(g, m, "the group was deleted"));
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
                match &= name.startsWith("tag:") ? g.tags.containsKey(name.substring(4)) && values.contains(g.tags.get(name.substring(4)).value())
                        : name.equals("tag-key") ? g.tags.keySet().stream().anyMatch(values::contains)
                        : name.equals("tag-value") && g.tags.values().stream().anyMatch(t -> values.contains(t.value()));
            }
            if (match) {
                items.add(groupXml(g));
            }
        }
        return List.of(node("AutoScalingGroups", items));
    }

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
        if (p.has("DesiredConfiguration.LaunchTemplate.LaunchTemplateId") || p.has("DesiredConfiguration.LaunchTemplate.LaunchTemplateName")) {
            String id = p.get("DesiredConfiguration.LaunchTemplate.LaunchTemplateId");
            String ltName = p.get("DesiredConfiguration.LaunchTemplate.LaunchTemplateName");
            targetRef = p.get("DesiredConfiguration.LaunchTemplate.Version", "$Default");
            aws.ec2().launchFromTemplateVersion(id, ltName, targetRef);
            targetId = aws.ec2().launchTemplateId(id, ltName);
        }
        boolean autoRollback = Boolean.parseBoolean(p.get("Preferences.AutoRollback", "false"));
        if (autoRollback && (targetRef.startsWith("$") || !p.has("DesiredConfiguration.LaunchTemplate.Version"))) {
            throw AwsError.client("ValidationError", "AutoRollback requires a desired configuration with a specific launch"
                    + " template version, not $Latest or $Default.");
        }
        Refresh r = new Refresh(UUID.randomUUID().toString(), aws.clock().now(), min, max,
                p.integer("Preferences.InstanceWarmup"), Boolean.parseBoolean(p.get("Preferences.SkipMatching", "false")),
                autoRollback, g.templateId, g.versionRef, targetId, targetRef);
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
                        el("LaunchTemplateName", aws.ec2().launchTemplateName(r.targetTemplateId)), el("Version", r.targetVersionRef)))))
                .toList();
        return List.of(node("InstanceRefreshes", items));
    }

    private Object cancelRefresh(QueryParams p) {
        Group g = group(p.required("AutoScalingGroupName"));
        Refresh r = g.activeRefresh();
        if (r == null) {
            throw AwsError.client("ActiveInstanceRefreshNotFound", "No in progress or pending Instance Refresh found for"
                    + " Auto Scaling group " + g.name);
        }
        r.status = "Cancelling";
        return el("InstanceRefreshId", r.id);
    }

    private Group group(String name) {
        Group g = groups.get(name);
        if (g == null) {
            throw AwsError.client("ValidationError", "AutoScalingGroup name not found - AutoScalingGroup " + name + " not found");
        }
        return g;
    }

    private Xml groupXml(Group g) {
        List<Xml> members = g.members.stream().map(m -> node("member",
                el("InstanceId", m.instanceId), el("InstanceType", m.instanceType), el("AvailabilityZone", m.availabilityZone),
                el("LifecycleState", m.lifecycle), el("HealthStatus", m.health),
                node("LaunchTemplate", el("LaunchTemplateId", m.launchTemplateId), el("LaunchTemplateName", m.launchTemplateName),
                        el("Version", m.version)),
                el("ProtectedFromScaleIn", false))).toList();
        List<Xml> tags = g.tags.values().stream().map(t -> node("member", el("ResourceId", g.name),
                el("ResourceType", "auto-scaling-group"), el("Key", t.key()), el("Value", t.value()),
                el("PropagateAtLaunch", t.propagate()))).toList();
        return node("member",
                el("AutoScalingGroupName", g.name), el("AutoScalingGroupARN", g.arn()),
                node("LaunchTemplate", el("LaunchTemplateId", g.templateId), el("LaunchTemplateName", g.templateName),
                        el("Version", g.versionRef)),
                el("MinSize", g.min), el("MaxSize", g.max), el("DesiredCapacity", g.desired), el("DefaultCooldown", 300),
                node("AvailabilityZones", g.subnets.stream().map(s -> el("member", aws.ec2().availabilityZoneOf(s))).distinct().toList()),
                node("LoadBalancerNames"), node("TargetGroupARNs"),
                el("HealthCheckType", g.healthCheckType), el("HealthCheckGracePeriod", g.grace),
                node("Instances", members), el("CreatedTime", g.created.toString()), node("SuspendedProcesses"),
                el("VPCZoneIdentifier", String.join(",", g.subnets)), node("EnabledMetrics"), node("Tags", tags),
                node("TerminationPolicies", el("member", "Default")), el("NewInstancesProtectedFromScaleIn", false),
                el("DefaultInstanceWarmup", g.defaultWarmup), el("CapacityRebalance", false));
    }
}
