package io.consulfactory.local.cloud.autoscaling;

import io.consulfactory.local.cloud.AwsError;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.Ec2Service;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.consulfactory.local.cloud.autoscaling.Member.IN_SERVICE;
import static io.consulfactory.local.cloud.autoscaling.Member.PENDING;
import static io.consulfactory.local.cloud.autoscaling.Member.PENDING_PROCEED;
import static io.consulfactory.local.cloud.autoscaling.Member.PENDING_WAIT;
import static io.consulfactory.local.cloud.autoscaling.Member.TERMINATING;
import static io.consulfactory.local.cloud.autoscaling.Member.TERMINATING_PROCEED;
import static io.consulfactory.local.cloud.autoscaling.Member.TERMINATING_WAIT;

/**
 * What the groups do on the local clock (state and lifecycle, no wire): instances move through their lifecycle
 * states, EC2 health checks replace failed instances, lifecycle hooks hold instances, suspended processes stop
 * what they name, instance refreshes replace instances in batches and roll back, and each group keeps its
 * desired capacity. EC2 is reached through {@link Ec2Service}'s Auto Scaling view, under the same lock.
 */
final class GroupSimulation {

    private final LocalAws aws;
    private final Set<String> unhealthyImages;

    GroupSimulation(LocalAws aws, Set<String> unhealthyImages) {
        this.aws = aws;
        this.unhealthyImages = unhealthyImages;
    }

    /** Moves the group to {@code now} and notes whether it is settled (see {@link AutoScalingService#settledSince}). */
    void advance(Group group, Instant now) {
        step(group, now);
        boolean settled = settled(group);
        group.settledSince = !settled ? null : group.settledSince == null ? now : group.settledSince;
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

    /** One step of the group: timeouts, instance states, health, the refresh, the desired capacity. */
    void step(Group g, Instant now) {
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
                // https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-lifecycle.html: with a launch
                // hook "the instances move from the Pending state to the Pending:Wait state" once launched, while EC2
                // boots them.
                m.lifecycle = PENDING_WAIT;
                g.hooks.open(m.instanceId, LifecycleHooks.LAUNCHING, now);
            } else if ((m.lifecycle.equals(PENDING) || m.lifecycle.equals(PENDING_PROCEED)) && state.equals("running")) {
                // https://docs.aws.amazon.com/autoscaling/ec2/userguide/lifecycle-hooks.html: with a hook, "the health
                // check grace period does not start until the lifecycle hook actions complete and the instance enters
                // the InService state".
                m.lifecycle = IN_SERVICE;
                m.inServiceAt = now;
            }
            if (g.suspended("HealthCheck")) {
                // https://docs.aws.amazon.com/autoscaling/ec2/userguide/understand-how-suspending-processes-affects-other-processes.html:
                // HealthCheck suspended "stops marking instances unhealthy as a result of EC2 … health checks"
                continue;
            }
            if (!state.equals("running") && !state.equals("pending")) {
                m.health = "Unhealthy"; // EC2 health check: the instance is stopping, stopped or shutting down
            }
            // https://docs.aws.amazon.com/autoscaling/ec2/userguide/health-check-grace-period.html: not marked
            // unhealthy until the grace period after InService.
            if (m.lifecycle.equals(IN_SERVICE) && unhealthyImages.contains(ec2.instanceImage(m.instanceId))
                    && !now.isBefore(m.inServiceAt.plusSeconds(g.grace))) {
                m.health = "Unhealthy";
            }
            if (m.health.equals("Unhealthy")) {
                if (refresh != null && refresh.status.equals("InProgress") && m.version == refresh.targetVersion) {
                    fail(g, refresh, "Instance refresh failed: new instance " + m.instanceId + " failed its health checks"
                            + " and was replaced.", now);
                }
                // https://docs.aws.amazon.com/autoscaling/ec2/userguide/understand-how-suspending-processes-affects-other-processes.html:
                // with ReplaceUnhealthy suspended, or Terminate (which "applies only to instances that are currently in
                // the InService state"), it is kept.
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
            if (g.launchRetryAt == null || !now.isBefore(g.launchRetryAt)) {
                String cause = "At " + now + " an instance was started in response to a difference between desired and"
                        + " actual capacity, increasing the capacity from " + active.size() + " to " + g.desired + ".";
                for (int n = active.size(); n < g.desired; n++) {
                    if (launch(g, null, cause, now) != null) {
                        break; // the next attempt after the back-off
                    }
                }
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
     * enters InService (https://docs.aws.amazon.com/autoscaling/ec2/userguide/asg-instance-refresh.html,
     * considerations: "the warm-up period does not start until the lifecycle hook actions are complete and the instance
     * enters the InService state").
     */
    private void refreshStep(Group g, Refresh r, Instant now) {
        // https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_InstanceRefresh.html: Pending, then InProgress,
        // then Successful, Failed or Cancelled.
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
            if (g.launchRetryAt != null && now.isBefore(g.launchRetryAt)) {
                return; // backing off after a failed launch (a rollback's)
            }
            // Each new instance goes where the old one it replaces runs, so the zones stay balanced.
            for (int n = 0; n < Math.min(maxInService - active.size(), old.size()); n++) {
                AwsError refused = launch(g, old.get(n).subnetId, "At " + now + " an instance was launched in response to"
                        + " an instance refresh.", now);
                if (refused != null) {
                    launchFailedDuringRefresh(g, r, refused, now);
                    return;
                }
            }
            return;
        }
        int batch = Math.min(old.size(), Math.max(1, active.size() - minReady));
        old.stream().limit(batch).forEach(m -> terminate(g, m, "replaced by an instance refresh", now));
        r.toReplace.removeIf(id -> g.members.stream().anyMatch(m -> m.instanceId.equals(id) && !m.active()));
    }

    void fail(Group g, Refresh r, String reason, Instant now) {
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
     * (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_RollbackInstanceRefresh.html: "replaces any
     * instances that were replaced during the instance refresh. This restores your Auto Scaling group to the
     * configuration that it was using before").
     */
    void rollback(Group g, Refresh r, String reason, Instant now) {
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

    /**
     * Launches one instance: into {@code preferredSubnet} when given, else into the subnet with the fewest members.
     * EC2 may refuse the launch (a type it does not offer, a security group of another VPC, the vCPU quota, no
     * capacity in the zone): the group then records a failed activity with EC2's message, as Auto Scaling does
     * (user guide, "Troubleshoot Amazon EC2 Auto Scaling: EC2 instance launch failures"), and nothing reaches the
     * caller of whatever API call ran the simulation. For {@code InsufficientInstanceCapacity} it tries the group's
     * other zones at once (user guide, "Availability Zone distribution": when a zone cannot take the launch, "Amazon
     * EC2 Auto Scaling launches new instances in an unaffected Availability Zone"); any other refusal would be the
     * same in every zone.
     *
     * <p>Simplification: after a failed launch for capacity the group tries again after 10 s, doubling to 5 minutes
     * (AWS backs off too, at intervals it does not document), and never suspends the launches administratively.
     *
     * @return EC2's refusal, or {@code null} once an instance was launched (or the Launch process is suspended)
     */
    private AwsError launch(Group g, String preferredSubnet, String cause, Instant now) {
        if (g.suspended("Launch")) {
            return null; // SuspendProcesses: the Launch process "adds instances to the Auto Scaling group"; none while suspended
        }
        Map<String, Integer> perZone = new LinkedHashMap<>();
        for (String subnet : g.subnets) {
            perZone.put(subnet, 0);
        }
        for (Member m : g.active()) {
            perZone.merge(m.subnetId, 1, Integer::sum);
        }
        List<String> order = new java.util.ArrayList<>(perZone.entrySet().stream()
                .sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey).toList());
        if (preferredSubnet != null) {
            order.remove(preferredSubnet);
            order.add(0, preferredSubnet);
        }
        Map<String, String> tags = new LinkedHashMap<>(g.tags.propagated());
        tags.put("aws:autoscaling:groupName", g.name);
        AwsError refused = null;
        for (String subnet : order) {
            try {
                Ec2Service.Launched launched = aws.ec2().launchFromTemplate(g.templateId, g.templateName, g.versionRef, subnet, tags);
                g.members.add(new Member(launched, subnet));
                g.activities.add(Activity.launched(g.name, launched.instanceId(), cause, now, subnet, launched.availabilityZone()));
                g.launchFailures = 0;
                g.launchRetryAt = null;
                return null;
            } catch (AwsError e) {
                refused = e;
                g.activities.add(Activity.launchFailed(g.name, e.getMessage(), cause, now, subnet, zoneOf(subnet)));
                if (!e.code().equals("InsufficientInstanceCapacity")) {
                    break;
                }
            }
        }
        g.launchFailures++;
        g.launchRetryAt = now.plusSeconds(Math.min(300, 10L << Math.min(5, g.launchFailures - 1)));
        return refused;
    }

    private String zoneOf(String subnet) {
        try {
            return aws.ec2().availabilityZoneOf(subnet);
        } catch (AwsError e) {
            return null; // the subnet is gone
        }
    }

    /**
     * A new instance of a refresh could not be launched: the refresh fails (or rolls back) with EC2's reason.
     * Simplification, wording ours: AWS retries the launch for a while before it gives the refresh up.
     */
    private void launchFailedDuringRefresh(Group g, Refresh r, AwsError refused, Instant now) {
        if (r.status.equals("InProgress")) {
            fail(g, r, "Instance refresh failed: a new instance could not be launched: " + refused.getMessage()
                    + Activity.LAUNCH_FAILED, now);
        }
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
    void waitEnded(Group g, LifecycleHooks.Outcome o, Instant now) {
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

    int currentVersion(Group g) {
        return aws.ec2().launchFromTemplateVersion(g.templateId, g.templateName, g.versionRef);
    }
}
