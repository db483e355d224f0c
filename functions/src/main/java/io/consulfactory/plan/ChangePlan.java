package io.consulfactory.plan;

import java.util.List;

/**
 * What an execution will do to the cluster, decided before anything is made: kept under {@code $.changePlan}, in
 * the execution's output, and printed by the local run.
 *
 * @param cluster           {@code NEW} (no group yet) or {@code RUNNING}
 * @param changes           every difference from the spec the running cluster was deployed with, classified
 * @param warnings          what is allowed but an operator should know (e.g. two zones only)
 * @param availabilityZones the zones the spec's subnets span
 * @param security          the security stage the servers run and the one this execution publishes first
 * @param restore           the snapshot a new cluster is restored from once it is ready (its key in the stack's bucket,
 *                          {@code restoreFrom} resolved), or {@code null}
 */
public record ChangePlan(String cluster, List<Change> changes, List<String> warnings, List<String> availabilityZones,
                         Security security, Restore restore) {

    /** @param key the object key in the stack's snapshot bucket */
    public record Restore(String key) {
    }

    public static final String NEW = "NEW";
    public static final String RUNNING = "RUNNING";

    /**
     * @param runningStage the stage the running servers are at ({@code null} for a new cluster)
     * @param firstStage   the stage the first launch template version of this execution carries
     * @param finalStage   where every cluster ends: gossip encryption, mutual TLS and default-deny ACLs
     */
    public record Security(Integer runningStage, int firstStage, int finalStage) {
    }
}
