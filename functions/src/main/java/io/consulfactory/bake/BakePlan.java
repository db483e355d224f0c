package io.consulfactory.bake;

/**
 * What this execution's bake is, decided before anything is launched: the state machine keeps it under
 * {@code $.plan}.
 *
 * @param baseImageId    the image the builder starts from (resolved from the SSM parameter when given one)
 * @param rootDeviceName the base image's root device, where the builder's encrypted gp3 volume goes
 * @param recipe         fingerprint of everything that goes into the image: base image, bake script, Consul
 *                       config, volume; the image is tagged with it
 * @param image          an available image of this cluster with the same recipe, young enough to reuse
 *                       instead of baking; {@code null} when there is none and the bake goes ahead
 */
public record BakePlan(String baseImageId, String rootDeviceName, String recipe, Image image) {
}
