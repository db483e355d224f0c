package io.consulfactory.local.cluster;

import io.consulfactory.aws.AwsClients;
import io.consulfactory.bake.Image;
import io.consulfactory.cluster.ClusterStatus;
import io.consulfactory.cluster.SecurityStages;
import io.consulfactory.cluster.Deployment;
import io.consulfactory.consul.BootSettings;
import io.consulfactory.consul.UserData;
import io.consulfactory.lambda.PollState;
import io.consulfactory.launch.LaunchTemplate;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.StepByStep;
import io.consulfactory.local.cloud.Call;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.Network;
import io.consulfactory.resources.SupportingResources;
import io.consulfactory.spec.ClusterSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.ResponseLaunchTemplateData;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** From an image to a running cluster, and from one image to the next without losing quorum. */
@ExtendWith(LocalAwsExtension.class)
class ClusterTest {

    private LocalAws aws;
    private StepByStep steps;

    @BeforeEach
    void seed(LocalAws aws) {
        this.aws = aws;
        Network network = aws.ec2().seedDefaultNetwork();
        this.steps = new StepByStep(aws, network);
    }

    private static AutoScalingGroup group() {
        return AwsClients.autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames("consul-consul-dc1"))
                .autoScalingGroups().get(0);
    }

    /** What Consul's cloud auto-join sees: running instances with the join tag (go-discover's filters). */
    private static List<Instance> joinable() {
        return AwsClients.ec2().describeInstances(r -> r.filters(f -> f.name("tag:consul-cluster").values("consul-dc1"),
                f -> f.name("instance-state-name").values("running"))).reservations().stream()
                .flatMap(r -> r.instances().stream()).toList();
    }

    /** Servers in service and healthy, as Auto Scaling counts them. */
    private static int inService() {
        return (int) group().instances().stream().filter(i -> i.lifecycleStateAsString().equals("InService")
                && i.healthStatus().equals("Healthy")).count();
    }

    private record Cluster(ClusterSpec spec, SupportingResources resources, LaunchTemplate template, Deployment deployment,
                           ClusterStatus status) {
    }

    private Cluster deploy(String extraFields, String execution) {
        ClusterSpec spec = steps.spec(extraFields);
        SupportingResources resources = steps.resources(spec);
        Image image = steps.bake(spec, resources, execution);
        LaunchTemplate template = steps.publish(spec, resources, image);
        Deployment deployment = steps.deploy(spec, template);
        ClusterStatus status = steps.waitForCluster(spec, template, deployment, a -> { });
        return new Cluster(spec, resources, template, deployment, status);
    }

    @Test
    void deploysThreeServersAcrossTheSubnetsThatFindEachOtherByTag() {
        Cluster cluster = deploy("", "first");

        assertEquals(PollState.READY, cluster.status().status(), cluster.status().reason());
        assertEquals("CREATED", cluster.deployment().action());
        AutoScalingGroup group = group();
        assertEquals(3, group.minSize());
        assertEquals(3, group.desiredCapacity());
        assertEquals(4, group.maxSize(), "room for one more while a server is replaced");
        assertEquals("EC2", group.healthCheckType());
        assertEquals(3, group.instances().stream().map(i -> i.availabilityZone()).distinct().count(), "one server per zone");
        assertTrue(group.tags().stream().filter(t -> !t.key().equals(SecurityStages.TAG)).allMatch(t -> t.propagateAtLaunch()),
                "the servers' tags propagate at launch");
        assertTrue(group.tags().stream().anyMatch(t -> t.key().equals(SecurityStages.TAG) && t.value().equals("3")
                && !t.propagateAtLaunch()), "the group says its servers run the final security stage; servers do not carry it");

        List<Instance> servers = joinable();
        assertEquals(3, servers.size(), "auto-join finds the three servers, and not the terminated builder");
        for (Instance server : servers) {
            Map<String, String> tags = server.tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value()));
            assertEquals("consul-dc1", tags.get("consul-cluster"));
            assertEquals("server", tags.get("role"));
            assertEquals("consul-consul-dc1", tags.get("aws:autoscaling:groupName"));
            assertEquals("required", server.metadataOptions().httpTokensAsString());
            assertEquals(cluster.template().imageId(), server.imageId());
        }

        ResponseLaunchTemplateData data = AwsClients.ec2().describeLaunchTemplateVersions(r -> r
                .launchTemplateId(cluster.template().launchTemplateId()).versions("$Default")).launchTemplateVersions().get(0)
                .launchTemplateData();
        assertEquals(UserData.boot(BootSettings.secured(LocalAws.DEFAULT_REGION, cluster.spec().clusterName(),
                io.consulfactory.local.LocalWorkflow.SNAPSHOT_BUCKET)).text(), new String(Base64.getDecoder().decode(data.userData())));
        assertEquals("required", data.metadataOptions().httpTokensAsString());
        assertEquals(1, data.metadataOptions().httpPutResponseHopLimit());
        assertEquals("gp3", data.blockDeviceMappings().get(0).ebs().volumeTypeAsString());
        assertTrue(data.blockDeviceMappings().get(0).ebs().encrypted());
        assertEquals(cluster.resources().instanceProfileArn(), data.iamInstanceProfile().arn());
        assertEquals(Set.of("instance", "volume"), data.tagSpecifications().stream().map(t -> t.resourceTypeAsString()).collect(Collectors.toSet()));
    }

    @Test
    void deployingTheSameImageTwiceChangesNothing() {
        Cluster cluster = deploy("", "first");
        Image image = new Image(cluster.template().imageId(), "same");
        int before = aws.calls().size();

        LaunchTemplate again = steps.publish(cluster.spec(), cluster.resources(), image);
        Deployment redeploy = steps.deploy(cluster.spec(), again);

        assertEquals(cluster.template(), again);
        assertEquals("UNCHANGED", redeploy.action());
        List<String> changes = aws.calls().since(before).stream().filter(Call::mutates).map(Call::iamAction).toList();
        assertEquals(List.of(), changes, "no new template version, no refresh, no update");
    }

    @ParameterizedTest(name = "{0} servers")
    @ValueSource(ints = {3, 5})
    void aRebakeReplacesOneServerAtATimeAndNeverLosesQuorum(int servers) {
        Cluster cluster = deploy(",\"serverCount\":" + servers, "first");
        assertEquals(PollState.READY, cluster.status().status());
        Set<String> oldServers = joinable().stream().map(Instance::instanceId).collect(Collectors.toSet());

        ClusterSpec newer = steps.spec(",\"serverCount\":" + servers + ",\"consulVersion\":\"1.21.0\"");
        Image image = steps.bake(newer, cluster.resources(), "rebake");
        LaunchTemplate template = steps.publish(newer, cluster.resources(), image);
        Deployment deployment = steps.deploy(newer, template);
        List<Integer> inServiceSeen = new ArrayList<>();
        List<Integer> joinableSeen = new ArrayList<>();
        ClusterStatus status = steps.waitForCluster(newer, template, deployment, a -> {
            inServiceSeen.add(inService());
            joinableSeen.add(joinable().size());
        });

        assertEquals(PollState.READY, status.status(), status.reason());
        assertEquals("REFRESH_STARTED", deployment.action());
        assertEquals(2, template.version());
        int majority = servers / 2 + 1;
        assertTrue(inServiceSeen.stream().allMatch(n -> n >= majority), "in service at every step: " + inServiceSeen);
        assertTrue(joinableSeen.stream().allMatch(n -> n >= majority), "running with the join tag at every step: " + joinableSeen);
        assertTrue(inServiceSeen.stream().allMatch(n -> n >= servers), "launch before terminate: never below " + servers);
        assertTrue(inServiceSeen.stream().allMatch(n -> n <= servers + 1), "one replacement at a time: " + inServiceSeen);
        List<Instance> now = joinable();
        assertEquals(servers, now.size());
        assertTrue(now.stream().noneMatch(i -> oldServers.contains(i.instanceId())), "every server was replaced");
        assertTrue(now.stream().allMatch(i -> i.imageId().equals(image.imageId())));
        Map<String, Long> perZone = now.stream().collect(Collectors.groupingBy(i -> i.placement().availabilityZone(), Collectors.counting()));
        assertEquals(3, perZone.size(), "still spread over the three zones: " + perZone);
        assertTrue(perZone.values().stream().mapToLong(Long::longValue).max().getAsLong()
                - perZone.values().stream().mapToLong(Long::longValue).min().getAsLong() <= 1, "balanced: " + perZone);
        assertEquals(1, aws.calls().of("autoscaling", "StartInstanceRefresh").size());
        Map<String, String> refresh = aws.calls().of("autoscaling", "StartInstanceRefresh").get(0).params();
        assertEquals("100", refresh.get("Preferences.MinHealthyPercentage"));
        assertEquals("true", refresh.get("Preferences.AutoRollback"));
    }

    @Test
    void aRefreshThatFailsLeavesTheOldServersServingAndIsReportedFailed() {
        Cluster cluster = deploy("", "first");
        Set<String> oldServers = joinable().stream().map(Instance::instanceId).collect(Collectors.toSet());
        ClusterSpec newer = steps.spec(",\"consulVersion\":\"1.21.0\"");
        Image broken = steps.bake(newer, cluster.resources(), "broken-rebake");
        aws.autoScaling().unhealthyImage(broken.imageId());
        LaunchTemplate template = steps.publish(newer, cluster.resources(), broken);
        Deployment deployment = steps.deploy(newer, template);
        List<Integer> inServiceSeen = new ArrayList<>();

        ClusterStatus status = steps.waitForCluster(newer, template, deployment, a -> inServiceSeen.add(inService()));

        assertEquals(PollState.FAILED, status.status());
        assertTrue(status.reason().contains("failed its health checks"), status.reason());
        assertTrue(status.refreshStatus().startsWith("Rollback"), status.refreshStatus());
        assertTrue(inServiceSeen.stream().allMatch(n -> n >= 3), "the old servers kept serving: " + inServiceSeen);
        aws.clock().advance(java.time.Duration.ofMinutes(10));
        assertEquals(oldServers, joinable().stream().map(Instance::instanceId).collect(Collectors.toSet()),
                "the same old servers serve on");
        assertEquals(String.valueOf(cluster.template().version()), group().launchTemplate().version(), "rolled back");
    }

    @Test
    void aSecondDeployWhileARefreshRunsDoesNotStartAnother() {
        Cluster cluster = deploy("", "first");
        ClusterSpec newer = steps.spec(",\"consulVersion\":\"1.21.0\"");
        Image image = steps.bake(newer, cluster.resources(), "rebake");
        LaunchTemplate template = steps.publish(newer, cluster.resources(), image);
        Deployment first = steps.deploy(newer, template);

        Deployment second = steps.deploy(newer, template);

        assertEquals("REFRESH_STARTED", first.action());
        assertEquals("REFRESH_IN_PROGRESS", second.action());
        assertEquals(first.instanceRefreshId(), second.instanceRefreshId());
        assertEquals(1, aws.calls().of("autoscaling", "StartInstanceRefresh").size());
    }

    @Test
    void cleanUpNeverDeletesTheImageTheServersRun() {
        Cluster cluster = deploy(",\"keepImages\":1", "first");
        ClusterSpec newer = steps.spec(",\"keepImages\":1,\"consulVersion\":\"1.21.0\"");

        Image second = steps.bake(newer, cluster.resources(), "second"); // cleans up with keepImages=1

        Set<String> images = AwsClients.ec2().describeImages(r -> r.owners("self")).images().stream()
                .map(i -> i.imageId()).collect(Collectors.toSet());
        assertEquals(Set.of(cluster.template().imageId(), second.imageId()), images,
                "the newest is kept by keepImages, the older one because the servers and the template use it");
    }
}
