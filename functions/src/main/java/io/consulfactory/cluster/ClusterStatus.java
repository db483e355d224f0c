package io.consulfactory.cluster;

/**
 * What CheckCluster found: kept under {@code $.cluster}; the state machine chooses on {@code status}.
 *
 * @param status        {@code PENDING}, {@code READY} or {@code FAILED}
 * @param inService     servers in service, healthy, on the wanted template version
 * @param refreshStatus AWS's status of this run's instance refresh, or {@code null}
 * @param nextCheckSeconds while PENDING, how long the state machine waits before the next check; 0 otherwise
 */
public record ClusterStatus(String status, String reason, int inService, String refreshStatus, int checks,
                            int nextCheckSeconds) {

    public static final String PENDING = "PENDING";
    public static final String READY = "READY";
    public static final String FAILED = "FAILED";
}
