package io.consulfactory.bake;

/**
 * The builder instance LaunchBuilder started: the state machine keeps it under {@code $.builder}.
 *
 * @param baseImageId the image it was launched from (resolved from the SSM parameter when one was given)
 */
public record Builder(String instanceId, String baseImageId, String subnetId) {
}
