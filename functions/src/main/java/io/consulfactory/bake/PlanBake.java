package io.consulfactory.bake;

import io.consulfactory.aws.ClientTokens;
import io.consulfactory.aws.Tags;
import io.consulfactory.consul.UserData;
import io.consulfactory.lambda.Json;
import io.consulfactory.spec.ClusterSpec;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.consulfactory.aws.AwsErrors.call;

/**
 * Decides the bake before anything is launched: resolves and checks the base image, fingerprints the recipe
 * (base image, bake script with its Consul config, root volume), and looks for an image of this cluster
 * already baked from that recipe. An available one younger than {@code maxImageAgeDays} is reused, so
 * running the same input again bakes nothing; a new base image, Consul version or config, or an image that
 * has aged out, makes a new bake.
 */
public final class PlanBake {

    /** Tag on the cluster's images: the recipe they were baked from. */
    public static final String RECIPE_TAG = "bake-recipe";

    private final Ec2Client ec2;
    private final BaseImages baseImages;
    private final String region;

    public PlanBake(Ec2Client ec2, SsmClient ssm, String region) {
        this.ec2 = ec2;
        this.baseImages = new BaseImages(ec2, ssm, region);
        this.region = region;
    }

    /** @param now when the step runs (the state's entered time): images are aged from it */
    public BakePlan plan(ClusterSpec spec, Instant now) {
        software.amazon.awssdk.services.ec2.model.Image base = baseImages.resolve(spec);
        String recipe = recipe(spec, region, base.imageId(), base.rootDeviceName());
        return new BakePlan(base.imageId(), base.rootDeviceName(), recipe, reusable(spec, recipe, now));
    }

    /** The newest available image of the cluster baked from this recipe within the age limit, or null. */
    private Image reusable(ClusterSpec spec, String recipe, Instant now) {
        Instant oldest = now.minus(Duration.ofDays(spec.maxImageAgeDays()));
        return call("ec2:DescribeImages", () -> ec2.describeImages(r -> r.owners("self").filters(
                f -> f.name("tag:" + Tags.CLUSTER).values(spec.clusterName()),
                f -> f.name("tag:" + RECIPE_TAG).values(recipe),
                f -> f.name("state").values("available")))).images().stream()
                .filter(i -> Instant.parse(i.creationDate()).isAfter(oldest))
                .max(Comparator.comparing(i -> Instant.parse(i.creationDate())))
                .map(i -> new Image(i.imageId(), i.name()))
                .orElse(null);
    }

    /** Everything that makes the image what it is; LaunchBuilder puts exactly this on the builder. */
    static String recipe(ClusterSpec spec, String region, String baseImageId, String rootDeviceName) {
        Map<String, Object> recipe = new LinkedHashMap<>();
        recipe.put("baseImageId", baseImageId);
        recipe.put("rootDeviceName", rootDeviceName);
        recipe.put("userData", UserData.bake(spec, region).text());
        recipe.put("rootVolume", "gp3 encrypted");
        recipe.put("layout", 1); // bump when LaunchBuilder changes what it launches
        try {
            return ClientTokens.sha256Hex(Json.MAPPER.writeValueAsString(recipe)).substring(0, 16);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
