package io.consulfactory.bake;

/**
 * The builder instance LaunchBuilder started: the state machine keeps it under {@code $.builder}.
 *
 * @param baseImageId the image it was launched from (resolved from the SSM parameter when one was given)
 * @param recipe      the bake's fingerprint ({@link BakePlan#recipe()}), tagged on the image
 */
public record Builder(String instanceId, String baseImageId, String subnetId, String recipe) {
}
