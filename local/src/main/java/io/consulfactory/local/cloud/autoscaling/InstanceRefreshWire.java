package io.consulfactory.local.cloud.autoscaling;

import io.consulfactory.local.cloud.QueryParams;
import io.consulfactory.local.cloud.Xml;

import java.util.List;

import static io.consulfactory.local.cloud.Xml.el;
import static io.consulfactory.local.cloud.Xml.node;

/**
 * The instance refresh calls on the wire: Start, Describe, Cancel and RollbackInstanceRefresh. The rules are
 * {@link InstanceRefreshes}', the progress {@link GroupSimulation}'s.
 */
final class InstanceRefreshWire {

    private final Groups groups;
    private final InstanceRefreshes refreshes;

    InstanceRefreshWire(Groups groups, InstanceRefreshes refreshes) {
        this.groups = groups;
        this.refreshes = refreshes;
    }

    Object start(QueryParams p) {
        String name = p.required("AutoScalingGroupName");
        InstanceRefreshes.Preferences prefs = new InstanceRefreshes.Preferences(
                p.integer("Preferences.MinHealthyPercentage"), p.integer("Preferences.MaxHealthyPercentage"),
                p.integer("Preferences.InstanceWarmup"), Boolean.parseBoolean(p.get("Preferences.SkipMatching", "false")),
                Boolean.parseBoolean(p.get("Preferences.AutoRollback", "false")));
        Refresh r = refreshes.start(name, prefs, GroupsWire.templateRef(p, "DesiredConfiguration.LaunchTemplate."));
        return el("InstanceRefreshId", r.id);
    }

    Object describe(QueryParams p) {
        String name = p.required("AutoScalingGroupName");
        List<Refresh> all = refreshes.of(name);
        List<String> ids = p.strings("InstanceRefreshIds");
        List<Xml> items = all.stream().filter(r -> ids.isEmpty() || ids.contains(r.id)).map(r -> refreshXml(name, r)).toList();
        return List.of(node("InstanceRefreshes", items));
    }

    Object cancel(QueryParams p) {
        return el("InstanceRefreshId", refreshes.cancel(p.required("AutoScalingGroupName")).id);
    }

    Object rollback(QueryParams p) {
        return el("InstanceRefreshId", refreshes.rollback(p.required("AutoScalingGroupName")).id);
    }

    private Xml refreshXml(String groupName, Refresh r) {
        return node("member",
                el("InstanceRefreshId", r.id), el("AutoScalingGroupName", groupName), el("Status", r.status),
                el("StatusReason", r.reason), el("StartTime", r.start.toString()),
                r.end == null ? null : el("EndTime", r.end.toString()),
                el("PercentageComplete", r.percentageComplete()), el("InstancesToUpdate", r.toReplace.size()),
                node("Preferences", el("MinHealthyPercentage", r.minHealthy), el("MaxHealthyPercentage", r.maxHealthy),
                        el("InstanceWarmup", r.warmup), el("SkipMatching", r.skipMatching), el("AutoRollback", r.autoRollback),
                        el("ScaleInProtectedInstances", "Ignore"), el("StandbyInstances", "Ignore")),
                node("DesiredConfiguration", node("LaunchTemplate", el("LaunchTemplateId", r.targetTemplateId),
                        el("LaunchTemplateName", groups.launchTemplateName(r.targetTemplateId)), el("Version", r.targetVersionRef))),
                r.rollbackStart == null ? null : node("RollbackDetails", el("RollbackReason", r.rollbackReason),
                        el("RollbackStartTime", r.rollbackStart.toString()), el("PercentageCompleteOnRollback", r.percentageOnRollback),
                        el("InstancesToUpdateOnRollback", r.toUpdateOnRollback)));
    }
}
