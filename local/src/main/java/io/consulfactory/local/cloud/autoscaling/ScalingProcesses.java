package io.consulfactory.local.cloud.autoscaling;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A group's suspended processes (state only;
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-suspend-resume-processes.html). Which of them the local
 * group obeys, and how, is said where it obeys them ({@link GroupSimulation}); the others (load balancers, alarms,
 * schedules, rebalancing) have nothing to act on here, so suspending them is recorded and described only.
 */
final class ScalingProcesses {

    /**
     * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_SuspendProcesses.html: "One or more of the following
     * processes".
     */
    static final List<String> ALL = List.of("Launch", "Terminate", "AddToLoadBalancer", "AlarmNotification", "AZRebalance",
            "HealthCheck", "InstanceRefresh", "ReplaceUnhealthy", "ScheduledActions");

    private final Map<String, String> suspended = new LinkedHashMap<>();

    /** No names: all processes ("If you omit this property, all processes are specified"). */
    void suspend(List<String> names, Instant now) {
        for (String name : chosen(names)) {
            // The reason as DescribeAutoScalingGroups shows it (captures: "User suspended at 2025-10-20T22:56:42Z").
            suspended.putIfAbsent(name, "User suspended at " + now.truncatedTo(ChronoUnit.SECONDS));
        }
    }

    void resume(List<String> names) {
        chosen(names).forEach(suspended::remove);
    }

    boolean suspended(String name) {
        return suspended.containsKey(name);
    }

    /** Process name to suspension reason, in the order suspended. */
    Map<String, String> all() {
        return new LinkedHashMap<>(suspended);
    }

    private static List<String> chosen(List<String> names) {
        for (String name : names) {
            if (!ALL.contains(name)) {
                throw AutoScalingErrors.unknownProcess(name);
            }
        }
        return names.isEmpty() ? ALL : names;
    }
}
