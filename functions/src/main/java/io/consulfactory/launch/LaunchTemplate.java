package io.consulfactory.launch;

/** The cluster's launch template and the version the servers should run: kept under {@code $.launchTemplate}. */
public record LaunchTemplate(String launchTemplateId, String launchTemplateName, long version, String imageId) {
}
