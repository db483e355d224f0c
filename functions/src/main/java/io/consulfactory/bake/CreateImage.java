package io.consulfactory.bake;

import io.consulfactory.aws.AwsErrors;
import io.consulfactory.aws.Tags;
import io.consulfactory.spec.ClusterSpec;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.consulfactory.aws.AwsErrors.call;

/**
 * Makes the cluster's image from the stopped builder. A stopped instance's volumes are quiet, so no reboot
 * is needed for a consistent image. The name is fixed by the builder's launch time, so a step run again finds
 * its own image by name (or, racing a CreateImage not yet visible, hits {@code InvalidAMIName.Duplicate} and
 * looks again) instead of making a second one.
 */
public final class CreateImage {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Ec2Client ec2;

    public CreateImage(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    public Image create(ClusterSpec spec, Builder builder) {
        Instance instance = call("ec2:DescribeInstances", () -> ec2.describeInstances(r -> r.instanceIds(builder.instanceId())))
                .reservations().get(0).instances().get(0);
        String name = imageName(spec, instance);
        // A step run again (a retry, a redrive) finds the image it made, even once its builder is gone.
        java.util.Optional<Image> made = findByName(name);
        if (made.isPresent()) {
            return made.get();
        }
        List<Tag> tags = tags(spec, builder);
        try {
            String imageId = call("ec2:CreateImage", () -> ec2.createImage(r -> r
                    .instanceId(builder.instanceId())
                    .name(name)
                    .description("Consul " + spec.consulVersion() + " server for cluster " + spec.clusterName()
                            + ", from " + builder.baseImageId())
                    .noReboot(true)
                    .tagSpecifications(
                            t -> t.resourceType(ResourceType.IMAGE).tags(tags),
                            t -> t.resourceType(ResourceType.SNAPSHOT).tags(tags)))).imageId();
            return new Image(imageId, name);
        } catch (AwsServiceException e) {
            if (!AwsErrors.hasCode(e, "InvalidAMIName.Duplicate")) {
                throw e;
            }
            return findByName(name).orElseThrow(() -> e);
        }
    }

    /** {@code consul-<cluster>-<version>-<builder launch time>}: unique per bake, stable across retries. */
    static String imageName(ClusterSpec spec, Instance builder) {
        return "consul-" + spec.clusterName() + "-" + spec.consulVersion() + "-" + STAMP.format(builder.launchTime());
    }

    private java.util.Optional<Image> findByName(String name) {
        return call("ec2:DescribeImages", () -> ec2.describeImages(r -> r.owners("self")
                .filters(f -> f.name("name").values(name)))).images().stream()
                .findFirst().map(i -> new Image(i.imageId(), i.name()));
    }

    private static List<Tag> tags(ClusterSpec spec, Builder builder) {
        Map<String, String> tags = new LinkedHashMap<>(Tags.forCluster(spec));
        tags.put(ImageTags.CONSUL_VERSION, spec.consulVersion());
        tags.put(ImageTags.BASE_IMAGE_ID, builder.baseImageId());
        tags.put(ImageTags.BUILDER_INSTANCE_ID, builder.instanceId());
        tags.put(PlanBake.RECIPE_TAG, builder.recipe());
        return Tags.ec2(tags);
    }
}
