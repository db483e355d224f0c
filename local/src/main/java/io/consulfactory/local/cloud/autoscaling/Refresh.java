package io.consulfactory.local.cloud.autoscaling;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * An instance refresh of a group: its preferences, progress and status (state only), one of
 * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_InstanceRefresh.html's statuses (the emulator never
 * reaches RollbackFailed or Baking).
 */
final class Refresh {
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
