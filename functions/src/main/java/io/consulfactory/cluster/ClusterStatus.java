package io.consulfactory.cluster;

import io.consulfactory.lambda.PollState;

/**
 * What CheckCluster found: kept under {@code $.cluster}; the state machine chooses on {@code status}.
 *
 * @param status           {@link PollState#PENDING}, {@link PollState#READY} or {@link PollState#FAILED}
 * @param inService        servers in service, healthy, on the wanted template version
 * @param refreshStatus    AWS's status of this run's instance refresh, or {@code null}
 * @param nextCheckSeconds while PENDING, how long the state machine waits before the next check; 0 otherwise
 * @param consul           Consul's own view as the servers last reported it (leader, voters), or {@code null}
 * @param failedInstanceId the server that could not join, when that is why the cluster FAILED
 * @param nextSecurityStage when READY at a security stage short of the final one ({@link SecurityStages}), the stage
 *                          the next roll publishes; {@code null} otherwise (the state machine loops on it)
 */
public record ClusterStatus(PollState status, String reason, int inService, String refreshStatus, int checks,
                            int nextCheckSeconds, ConsulView consul, String failedInstanceId, Integer nextSecurityStage) {

    public static ClusterStatus pending(String reason, int inService, String refreshStatus, int checks, int nextCheckSeconds,
                                        ConsulView consul) {
        return new ClusterStatus(PollState.PENDING, reason, inService, refreshStatus, checks, nextCheckSeconds, consul, null, null);
    }

    public static ClusterStatus ready(String reason, int inService, String refreshStatus, int checks, ConsulView consul,
                                      Integer nextSecurityStage) {
        return new ClusterStatus(PollState.READY, reason, inService, refreshStatus, checks, 0, consul, null, nextSecurityStage);
    }

    public static ClusterStatus failed(String reason, int inService, String refreshStatus, int checks, ConsulView consul) {
        return new ClusterStatus(PollState.FAILED, reason, inService, refreshStatus, checks, 0, consul, null, null);
    }

    /** FAILED because a server could not join: names it. */
    public static ClusterStatus serverFailed(String instanceId, String reason, int inService, String refreshStatus, int checks,
                                             ConsulView consul) {
        return new ClusterStatus(PollState.FAILED, reason, inService, refreshStatus, checks, 0, consul, instanceId, null);
    }
}
