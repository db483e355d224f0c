package io.consulfactory.teardown;

/**
 * What StartTeardown decided, kept under {@code $.teardown} for every later step.
 *
 * @param finalSnapshot    whether the state machine takes a final Consul snapshot before removing the servers
 * @param snapshotSkipped  why not, when not ({@code skipFinalSnapshot}, no group, no server in service)
 * @param serversInService the group's servers in service when the teardown started
 * @param recordMarked     whether the cluster record now carries {@code teardown=in-progress} (false: no record left)
 */
public record TeardownPlan(String clusterName, boolean skipFinalSnapshot, int secretRecoveryDays, boolean finalSnapshot,
                           String snapshotSkipped, int serversInService, boolean recordMarked) {
}
