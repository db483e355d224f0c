package io.consulfactory.bake;

/** The image CreateImage asked for: the state machine keeps it under {@code $.image}. */
public record Image(String imageId, String name) {
}
