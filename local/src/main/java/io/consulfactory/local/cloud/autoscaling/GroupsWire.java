package io.consulfactory.local.cloud.autoscaling;

import io.consulfactory.local.cloud.QueryParams;
import io.consulfactory.local.cloud.Xml;

import java.util.ArrayList;
import java.util.List;

import static io.consulfactory.local.cloud.Xml.el;
import static io.consulfactory.local.cloud.Xml.node;

/**
 * The group calls on the wire: Create, Update, Delete and DescribeAutoScalingGroups, DescribeAutoScalingInstances
 * and DescribeScalingActivities. Parameters are read and their format checked here, the rules are {@link Groups}'.
 */
final class GroupsWire {

    private final Groups groups;

    GroupsWire(Groups groups) {
        this.groups = groups;
    }

    Object create(QueryParams p) {
        String name = p.required("AutoScalingGroupName");
        Groups.Settings settings = settings(p);
        List<GroupTags.Tag> tags = GroupTagsWire.tags(p).stream().map(Groups.TagRequest::tag).toList();
        groups.create(name, settings, tags, LifecycleHookWire.specifications(p));
        return null;
    }

    Object update(QueryParams p) {
        groups.update(p.required("AutoScalingGroupName"), settings(p));
        return null;
    }

    Object delete(QueryParams p) {
        groups.delete(p.required("AutoScalingGroupName"), Boolean.parseBoolean(p.get("ForceDelete", "false")));
        return null;
    }

    private static Groups.Settings settings(QueryParams p) {
        return new Groups.Settings(templateRef(p, "LaunchTemplate."), p.integer("MinSize"), p.integer("MaxSize"),
                p.integer("DesiredCapacity"), p.has("VPCZoneIdentifier") ? List.of(p.get("VPCZoneIdentifier").split(",")) : null,
                p.get("HealthCheckType"), p.integer("HealthCheckGracePeriod"), p.integer("DefaultInstanceWarmup"));
    }

    /** A LaunchTemplateSpecification under {@code prefix}, or {@code null} when it names no template. */
    static Groups.TemplateRef templateRef(QueryParams p, String prefix) {
        if (!p.has(prefix + "LaunchTemplateId") && !p.has(prefix + "LaunchTemplateName")) {
            return null;
        }
        return new Groups.TemplateRef(p.get(prefix + "LaunchTemplateId"), p.get(prefix + "LaunchTemplateName"),
                p.get(prefix + "Version", "$Default"));
    }

    /**
     * DescribeAutoScalingGroups by AutoScalingGroupNames and the tag filters ({@code tag:<key>}, tag-key, tag-value).
     */
    Object describe(QueryParams p) {
        List<String> names = p.strings("AutoScalingGroupNames");
        List<QueryParams> filters = p.list("Filters");
        List<Xml> items = new ArrayList<>();
        for (Group g : groups.all()) {
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
     * Every group's instances (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_DescribeAutoScalingInstances.html:
     * "If you specify an ID that does not exist, it is ignored with no error"); its HealthStatus is upper case, as
     * the API reference's example shows it.
     */
    Object describeInstances(QueryParams p) {
        List<String> ids = p.strings("InstanceIds");
        List<Xml> items = new ArrayList<>();
        for (Group g : groups.all()) {
            for (Member m : g.members) {
                if (ids.isEmpty() || ids.contains(m.instanceId)) {
                    items.add(node("member", el("InstanceId", m.instanceId), el("InstanceType", m.instanceType),
                            el("AutoScalingGroupName", g.name), el("AvailabilityZone", m.availabilityZone),
                            el("LifecycleState", m.lifecycle), el("HealthStatus", m.health.toUpperCase()),
                            launchTemplateXml(m), el("ProtectedFromScaleIn", false)));
                }
            }
        }
        return PageWire.page("AutoScalingInstances", items, p, 50, 50);
    }

    /**
     * DescribeScalingActivities: the named group's activities (or every group's), by ActivityIds, MaxRecords (at most
     * 100, https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_DescribeScalingActivities.html: the default
     * and maximum) and NextToken.
     */
    Object describeActivities(QueryParams p) {
        String name = p.get("AutoScalingGroupName");
        List<String> ids = p.strings("ActivityIds");
        List<Xml> items = groups.activities(name).stream().filter(a -> ids.isEmpty() || ids.contains(a.id())).map(a -> node("member",
                el("ActivityId", a.id()), el("AutoScalingGroupName", a.groupName()),
                el("AutoScalingGroupARN", groups.arnOf(a.groupName())),
                el("Description", a.description()), el("Cause", a.cause()), el("StartTime", a.start().toString()),
                el("EndTime", a.end().toString()), el("StatusCode", a.statusCode()), el("StatusMessage", a.statusMessage()),
                el("Progress", 100), el("Details", "{\"Subnet ID\":\"" + a.subnetId() + "\",\"Availability Zone\":\""
                        + a.availabilityZone() + "\"}"))).toList();
        return PageWire.page("Activities", items, p, 100, 100);
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
                node("AvailabilityZones", g.subnets.stream().map(s -> el("member", groups.availabilityZoneOf(s))).distinct().toList()),
                node("LoadBalancerNames"), node("TargetGroupARNs"),
                el("HealthCheckType", g.healthCheckType), el("HealthCheckGracePeriod", g.grace),
                node("Instances", members), el("CreatedTime", g.created.toString()), node("SuspendedProcesses", suspended),
                el("VPCZoneIdentifier", String.join(",", g.subnets)), node("EnabledMetrics"), node("Tags", tags),
                node("TerminationPolicies", el("member", "Default")), el("NewInstancesProtectedFromScaleIn", false),
                el("DefaultInstanceWarmup", g.defaultWarmup), el("CapacityRebalance", false));
    }
}
