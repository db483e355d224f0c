package io.consulfactory.local.cloud.autoscaling;

import io.consulfactory.local.cloud.LocalAws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** An Auto Scaling group: its configuration, members, refreshes, hooks, processes and tags (state only). */
final class Group {
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
    /** Its scaling activities, oldest first (see {@link Activity}). */
    final List<Activity> activities = new ArrayList<>();
    /** After failed launches: no launch for capacity before this time, and how many failed in a row. */
    Instant launchRetryAt;
    int launchFailures;
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
