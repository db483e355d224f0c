package io.consulfactory.local;

import io.consulfactory.bake.BakePlan;
import io.consulfactory.bake.Builder;
import io.consulfactory.bake.CheckConsulInstallHandler;
import io.consulfactory.bake.CheckImageHandler;
import io.consulfactory.bake.CreateImageHandler;
import io.consulfactory.bake.Image;
import io.consulfactory.bake.ImageStatus;
import io.consulfactory.bake.InstallStatus;
import io.consulfactory.bake.LaunchBuilderHandler;
import io.consulfactory.bake.PlanBakeHandler;
import io.consulfactory.cleanup.CleanUpHandler;
import io.consulfactory.cleanup.CleanUpResult;
import io.consulfactory.cluster.CheckClusterHandler;
import io.consulfactory.cluster.ClusterStatus;
import io.consulfactory.cluster.DeployAutoScalingGroupHandler;
import io.consulfactory.cluster.Deployment;
import io.consulfactory.lambda.PollState;
import io.consulfactory.launch.LaunchTemplate;
import io.consulfactory.launch.PublishLaunchTemplateHandler;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.Network;
import io.consulfactory.local.lambda.LocalLambda;
import io.consulfactory.resources.EnsureSupportingResourcesHandler;
import io.consulfactory.resources.SupportingResources;
import io.consulfactory.spec.ClusterSpec;
import io.consulfactory.spec.ClusterSpecParser;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The workflow's steps run one by one through the real handlers (JSON in, JSON out), with the poll loops
 * as the state machine runs them: wait on the local clock, check, until the check is no longer PENDING.
 */
public final class StepByStep {

    public static final Duration INSTALL_POLL = Duration.ofSeconds(30);
    public static final Duration IMAGE_POLL = Duration.ofSeconds(60);
    /** The state machine's WaitForServers: the first cluster check; later ones come after the check's nextCheckSeconds. */
    public static final Duration FIRST_CLUSTER_CHECK = Duration.ofSeconds(30);

    private final LocalAws aws;
    private final Network network;

    public StepByStep(LocalAws aws, Network network) {
        this.aws = aws;
        this.network = network;
    }

    /** A spec for the seeded network, with extra fields appended (",\"serverCount\":5"), which may replace its own. */
    public ClusterSpec spec(String extraFields) {
        String subnets = network.subnetIds().stream().map(s -> '"' + s + '"').collect(Collectors.joining(","));
        // The network as defaults and the extra fields as the input: the parser refuses a key given twice in one object.
        return ClusterSpecParser.parse("{" + extraFields.replaceFirst("^,", "") + "}", "{\"clusterName\":\"consul-dc1\",\"vpcId\":\""
                + network.vpcId() + "\",\"subnetIds\":[" + subnets + "]}");
    }

    /** The supporting resources, then the cluster's secrets: what the workflow makes before it bakes. */
    public SupportingResources resources(ClusterSpec spec) {
        SupportingResources resources = LocalLambda.invoke(new EnsureSupportingResourcesHandler(), Map.of("spec", spec,
                "snapshotBucket", LocalWorkflow.SNAPSHOT_BUCKET),
                SupportingResources.class);
        secrets(spec);
        return resources;
    }

    public BakePlan plan(ClusterSpec spec) {
        return LocalLambda.invoke(new PlanBakeHandler(), Map.of("spec", spec, "now", aws.clock().now().toString()), BakePlan.class);
    }

    /** Plans the bake, then launches its builder (whether or not an image could be reused). */
    public Builder launch(ClusterSpec spec, SupportingResources resources, String execution) {
        return LocalLambda.invoke(new LaunchBuilderHandler(), Map.of("spec", spec, "resources", resources,
                "plan", plan(spec), "execution", execution), Builder.class);
    }

    public InstallStatus waitForInstall(ClusterSpec spec, Builder builder, int maxChecks) {
        InstallStatus status = null;
        do {
            aws.clock().advance(INSTALL_POLL);
            Map<String, Object> input = new HashMap<>(Map.of("spec", spec, "builder", builder, "maxChecks", maxChecks));
            if (status != null) {
                input.put("install", status);
            }
            status = LocalLambda.invoke(new CheckConsulInstallHandler(), input, InstallStatus.class);
        } while (status.status().equals(PollState.PENDING));
        return status;
    }

    public Image createImage(ClusterSpec spec, Builder builder) {
        return LocalLambda.invoke(new CreateImageHandler(), Map.of("spec", spec, "builder", builder), Image.class);
    }

    public ImageStatus waitForImage(Image image) {
        ImageStatus status = null;
        do {
            aws.clock().advance(IMAGE_POLL);
            Map<String, Object> input = new HashMap<>(Map.of("image", image));
            if (status != null) {
                input.put("imageStatus", status);
            }
            status = LocalLambda.invoke(new CheckImageHandler(), input, ImageStatus.class);
        } while (status.status().equals(PollState.PENDING));
        return status;
    }

    public CleanUpResult cleanUp(ClusterSpec spec, Builder builder, Image image) {
        Map<String, Object> input = new HashMap<>(Map.of("spec", spec));
        if (builder != null) {
            input.put("builder", builder);
        }
        if (image != null) {
            input.put("image", image);
        }
        return LocalLambda.invoke(new CleanUpHandler(), input, CleanUpResult.class);
    }

    /** A whole, successful bake, cleaned up: its image. */
    public Image bake(ClusterSpec spec, SupportingResources resources, String execution) {
        Builder builder = launch(spec, resources, execution);
        assertEquals(PollState.READY, waitForInstall(spec, builder, 40).status());
        Image image = createImage(spec, builder);
        assertEquals(PollState.READY, waitForImage(image).status());
        cleanUp(spec, builder, image);
        return image;
    }

    /** A new cluster's template: at the final security stage. */
    public LaunchTemplate publish(ClusterSpec spec, SupportingResources resources, Image image) {
        return publish(spec, resources, image, io.consulfactory.cluster.SecurityStages.FINAL);
    }

    public LaunchTemplate publish(ClusterSpec spec, SupportingResources resources, Image image, int securityStage) {
        return LocalLambda.invoke(new PublishLaunchTemplateHandler(), Map.of("spec", spec, "resources", resources,
                "image", image, "security", Map.of("stage", securityStage), "snapshotBucket", LocalWorkflow.SNAPSHOT_BUCKET),
                LaunchTemplate.class);
    }

    /** The secrets step, as the workflow runs it before any server boots. */
    public io.consulfactory.secrets.ClusterSecrets secrets(ClusterSpec spec) {
        return LocalLambda.invoke(new io.consulfactory.secrets.EnsureClusterSecretsHandler(), Map.of("spec", spec,
                "now", aws.clock().now().toString()), io.consulfactory.secrets.ClusterSecrets.class);
    }

    public Deployment deploy(ClusterSpec spec, LaunchTemplate template) {
        return LocalLambda.invoke(new DeployAutoScalingGroupHandler(), Map.of("spec", spec, "launchTemplate", template),
                Deployment.class);
    }

    /**
     * The cluster poll loop. Between checks the clock moves in 5-second steps, and {@code everyStep} sees the
     * local AWS after each one: what a watcher of the cluster would see.
     */
    public ClusterStatus waitForCluster(ClusterSpec spec, LaunchTemplate template, Deployment deployment,
                                        Consumer<LocalAws> everyStep) {
        ClusterStatus status = null;
        do {
            Duration wait = status == null ? FIRST_CLUSTER_CHECK : Duration.ofSeconds(status.nextCheckSeconds());
            for (Duration waited = Duration.ZERO; waited.compareTo(wait) < 0; waited = waited.plusSeconds(5)) {
                aws.clock().advance(Duration.ofSeconds(5));
                everyStep.accept(aws);
            }
            Map<String, Object> input = new HashMap<>(Map.of("spec", spec, "launchTemplate", template, "deployment", deployment));
            if (status != null) {
                input.put("cluster", status);
            }
            status = LocalLambda.invoke(new CheckClusterHandler(), input, ClusterStatus.class);
        } while (status.status().equals(PollState.PENDING));
        return status;
    }

    /**
     * The boot script as a release before servers were secured had it: this one without its security settings, so
     * a server booted from it runs with no gossip key, no TLS and no ACLs (security stage 0).
     */
    public static String earlierRelease(String bootScript) {
        return bootScript.replaceAll("(?m)^(SECURITY_STAGE|SECURITY_CONFIG_B64|CLIENT_SECRET_ID|SERVER_SECRET_ID)=.*\n", "");
    }
}
