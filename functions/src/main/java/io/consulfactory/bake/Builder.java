package io.consulfactory.bake;

/**
 * The builder instance LaunchBuilder started: the state machine keeps it under {@code $.builder}.
 *
 * @param baseImageId the image it was launched from (resolved from the SSM parameter when one was given)
 * @param recipe      the bake's fingerprint ({@link BakePlan#recipe()}), tagged on the image
 * @param subnetId    the subnet it runs in, and {@code availabilityZone} its zone
 * @param subnetsWithoutCapacity subnets tried first whose zone had no capacity for the type (InsufficientInstanceCapacity)
 */
public record Builder(String instanceId, String baseImageId, String subnetId, String recipe, String availabilityZone,
                      java.util.List<String> subnetsWithoutCapacity) {

    public Builder {
        subnetsWithoutCapacity = subnetsWithoutCapacity == null ? java.util.List.of() : java.util.List.copyOf(subnetsWithoutCapacity);
    }
}
