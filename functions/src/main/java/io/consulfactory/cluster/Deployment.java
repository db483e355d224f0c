package io.consulfactory.cluster;

/**
 * What DeployAutoScalingGroup did: kept under {@code $.deployment}.
 *
 * @param action            {@code CREATED}, {@code REFRESH_STARTED}, {@code REFRESH_IN_PROGRESS}, {@code UPDATED}
 *                          (capacity or subnets) or {@code UNCHANGED}
 * @param instanceRefreshId the refresh this run started or found running, or {@code null}
 */
public record Deployment(String autoScalingGroupName, String launchTemplateId, long launchTemplateVersion, String action,
                         String instanceRefreshId) {
}
