package io.consulfactory.bake;

/** Tag keys on the cluster's images (besides the cluster tags every resource carries). */
final class ImageTags {

    static final String CONSUL_VERSION = "consul-version";
    static final String BASE_IMAGE_ID = "base-image-id";
    static final String BUILDER_INSTANCE_ID = "builder-instance-id";

    private ImageTags() {
    }
}
