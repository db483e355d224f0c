package io.consulfactory.local.cloud.autoscaling;

import io.consulfactory.local.cloud.QueryParams;

import java.util.List;

import static io.consulfactory.local.cloud.Xml.el;
import static io.consulfactory.local.cloud.Xml.node;

/**
 * SuspendProcesses, ResumeProcesses and DescribeScalingProcessTypes on the wire; the rules are {@link
 * ScalingProcesses}'.
 */
final class ScalingProcessesWire {

    private final Groups groups;

    ScalingProcessesWire(Groups groups) {
        this.groups = groups;
    }

    Object suspend(QueryParams p) {
        groups.suspend(p.required("AutoScalingGroupName"), p.strings("ScalingProcesses"));
        return null;
    }

    Object resume(QueryParams p) {
        groups.resume(p.required("AutoScalingGroupName"), p.strings("ScalingProcesses"));
        return null;
    }

    /** DescribeScalingProcessTypes: every process SuspendProcesses takes. */
    static Object types() {
        return List.of(node("Processes", ScalingProcesses.ALL.stream().map(n -> node("member", el("ProcessName", n))).toList()));
    }
}
