package io.consulfactory.local.cloud.autoscaling;

import io.consulfactory.local.cloud.LocalAws;

import java.util.List;
import java.util.UUID;

/**
 * The rules of the instance refresh calls (state only): when a refresh may start, be cancelled or be rolled back.
 * Each {@link Refresh} then moves through AWS's statuses on the clock in {@link GroupSimulation}
 * (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_InstanceRefresh.html: Pending, InProgress,
 * Successful, Failed, Cancelling, Cancelled, RollbackInProgress, RollbackSuccessful; the emulator never reaches
 * RollbackFailed or Baking).
 */
final class InstanceRefreshes {

    /** RefreshPreferences as StartInstanceRefresh gives them; {@code null} where left out. */
    record Preferences(Integer minHealthy, Integer maxHealthy, Integer warmup, boolean skipMatching, boolean autoRollback) {
    }

    /**
     * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_RefreshPreferences.html: MinHealthyPercentage
     * "the default is 90 percent", MaxHealthyPercentage 100 by default.
     */
    private static final int DEFAULT_MIN_HEALTHY = 90;
    private static final int DEFAULT_MAX_HEALTHY = 100;

    private final LocalAws aws;
    private final Groups groups;

    InstanceRefreshes(LocalAws aws, Groups groups) {
        this.aws = aws;
        this.groups = groups;
    }

    /**
     * StartInstanceRefresh: one active refresh per group, to the desired configuration's launch template (or the
     * group's own), of every instance unless SkipMatching spares those already on it. Simplification: no
     * checkpoints (https://docs.aws.amazon.com/autoscaling/ec2/userguide/asg-adding-checkpoints-instance-refresh.html),
     * alarms or bake time.
     */
    Refresh start(String groupName, Preferences prefs, Groups.TemplateRef desired) {
        Group g = groups.group(groupName);
        if (g.activeRefresh() != null) {
            throw AutoScalingErrors.refreshInProgress();
        }
        int min = prefs.minHealthy() != null ? prefs.minHealthy() : DEFAULT_MIN_HEALTHY;
        int max = prefs.maxHealthy() != null ? prefs.maxHealthy() : DEFAULT_MAX_HEALTHY;
        if (min < 0 || min > 100 || max < 100 || max > 200 || max - min > 100) {
            throw AutoScalingErrors.healthyPercentagesOutOfRange();
        }
        String targetId = g.templateId;
        String targetRef = g.versionRef;
        if (desired != null) {
            targetRef = desired.version();
            aws.ec2().launchFromTemplateVersion(desired.id(), desired.name(), targetRef);
            targetId = aws.ec2().launchTemplateId(desired.id(), desired.name());
        }
        String irreversible = irreversibleBecause(desired != null, g.versionRef);
        if (prefs.autoRollback() && irreversible != null) {
            // https://docs.aws.amazon.com/autoscaling/ec2/userguide/instance-refresh-rollback.html: "you receive an
            // error when you start … an instance refresh with auto rollback enabled" (the error code is our choice).
            throw AutoScalingErrors.autoRollbackImpossible(irreversible);
        }
        Refresh r = new Refresh(UUID.randomUUID().toString(), aws.clock().now(), min, max, prefs.warmup(),
                prefs.skipMatching(), prefs.autoRollback(), desired != null, g.templateId, g.versionRef, targetId, targetRef);
        g.templateId = targetId;
        g.templateName = aws.ec2().launchTemplateName(targetId);
        g.versionRef = targetRef;
        r.targetVersion = groups.simulation().currentVersion(g);
        for (Member m : g.active()) {
            if (!r.skipMatching || m.version != r.targetVersion || !m.launchTemplateId.equals(targetId)) {
                r.toReplace.add(m.instanceId);
            }
        }
        r.total = r.toReplace.size();
        g.refreshes.add(0, r);
        return r;
    }

    /** The group's refreshes, most recent first. */
    List<Refresh> of(String groupName) {
        return groups.group(groupName).refreshes;
    }

    /** CancelInstanceRefresh: the active refresh is Cancelling, and Cancelled at the next step. */
    Refresh cancel(String groupName) {
        Group g = groups.group(groupName);
        Refresh r = g.activeRefresh();
        if (r == null) {
            throw AutoScalingErrors.noActiveRefresh(g.name);
        }
        r.status = "Cancelling";
        return r;
    }

    /**
     * RollbackInstanceRefresh: for a refresh pending or in progress (not one already rolling back or cancelling),
     * with AWS's rules on what can be rolled back ({@link #irreversibleBecause}). The rollback starts at once
     * (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_RollbackInstanceRefresh.html: "Amazon EC2 Auto
     * Scaling immediately begins replacing instances").
     */
    Refresh rollback(String groupName) {
        Group g = groups.group(groupName);
        Refresh r = g.activeRefresh();
        if (r == null || !(r.status.equals("Pending") || r.status.equals("InProgress"))) {
            throw AutoScalingErrors.noActiveRefresh(g.name);
        }
        String irreversible = irreversibleBecause(r.desiredConfiguration, r.previousVersionRef);
        if (irreversible != null) {
            throw AutoScalingErrors.irreversible(irreversible);
        }
        groups.simulation().rollback(g, r, "Rollback started by a RollbackInstanceRefresh call.", aws.clock().now()); // wording ours
        r.reason = r.rollbackReason;
        return r;
    }

    /**
     * Why a refresh could not be rolled back, or {@code null}
     * (https://docs.aws.amazon.com/autoscaling/ec2/userguide/instance-refresh-rollback.html: "only available if you
     * specify a desired configuration"; "You can only roll back to a previous version of a launch template if the
     * version is a specific numbered version"). The local launch templates hold AMI ids only, so the third rule (no
     * SSM parameter as the image) always holds.
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
}
