package io.consulfactory.launch;

/**
 * The cluster's launch template and the version the servers should run: kept under {@code $.launchTemplate}.
 *
 * @param securityStage the security stage the version's boot script runs ({@code io.consulfactory.cluster.SecurityStages})
 */
public record LaunchTemplate(String launchTemplateId, String launchTemplateName, long version, String imageId,
                             int securityStage) {
}
