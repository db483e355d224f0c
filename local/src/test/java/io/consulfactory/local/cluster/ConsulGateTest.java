package io.consulfactory.local.cluster;

import io.consulfactory.aws.AwsClients;
import io.consulfactory.bake.Image;
import io.consulfactory.cluster.ClusterStatus;
import io.consulfactory.cluster.Deployment;
import io.consulfactory.cluster.JoinGate;
import io.consulfactory.lambda.PollState;
import io.consulfactory.launch.LaunchTemplate;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.StepByStep;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.Network;
import io.consulfactory.local.consul.ClusterView;
import io.consulfactory.local.consul.ConsulError;
import io.consulfactory.resources.SupportingResources;
import io.consulfactory.spec.ClusterSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Never loses quorum" and "loses no data", asserted on the Consul model that runs on the local AWS's servers,
 * not on EC2 counts: rebakes, servers that cannot join, a crash mid-refresh, resizes, and what happens
 * without the join gate.
 */
@ExtendWith(LocalAwsExtension.class)
class ConsulGateTest {

    private static final String CLUSTER = "consul-dc1";
    private static final String GROUP = "consul-consul-dc1";

    private LocalAws aws;
    private StepByStep steps;

    @BeforeEach
    void seed(LocalAws aws) {
        this.aws = aws;
        Network network = aws.ec2().seedDefaultNetwork();
        this.steps = new StepByStep(aws, network);
    }

    private record Cluster(ClusterSpec spec, SupportingResources resources, LaunchTemplate template, ClusterStatus status) {
    }

    /** A first deploy up to its group: the image baked and the template published, nothing launched yet. */
    private record Prepared(ClusterSpec spec, SupportingResources resources, Image image, LaunchTemplate template) {
    }

    private Prepared prepare(String extraFields) {
        ClusterSpec spec = steps.spec(extraFields);
        SupportingResources resources = steps.resources(spec);
        Image image = steps.bake(spec, resources, "first");
        return new Prepared(spec, resources, image, steps.publish(spec, resources, image));
    }

    private Cluster deploy(String extraFields) {
        Prepared p = prepare(extraFields);
        Deployment deployment = steps.deploy(p.spec(), p.template());
        return new Cluster(p.spec(), p.resources(), p.template(), steps.waitForCluster(p.spec(), p.template(), deployment, a -> { }));
    }

    private record Rebake(ClusterSpec spec, Image image, LaunchTemplate template, Deployment deployment) {
    }

    /** Bakes Consul 1.21.0 for the cluster, lets {@code beforeDeploy} see the image, then publishes and deploys it. */
    private Rebake startRebake(Cluster cluster, String extraFields, Consumer<Image> beforeDeploy) {
        ClusterSpec newer = steps.spec(extraFields + ",\"consulVersion\":\"1.21.0\"");
        Image image = steps.bake(newer, cluster.resources(), "rebake");
        beforeDeploy.accept(image);
        LaunchTemplate template = steps.publish(newer, cluster.resources(), image);
        return new Rebake(newer, image, template, steps.deploy(newer, template));
    }

    private ClusterStatus waitFor(Rebake rebake, Consumer<LocalAws> everyStep) {
        return steps.waitForCluster(rebake.spec(), rebake.template(), rebake.deployment(), everyStep);
    }

    /** What a watcher of Consul sees every 5 s of AWS time. */
    private static final class Watch implements Consumer<LocalAws> {
        final List<Boolean> leader = new ArrayList<>();
        final List<Integer> aliveVoters = new ArrayList<>();

        @Override
        public void accept(LocalAws aws) {
            ClusterView view = aws.consul().cluster(CLUSTER);
            leader.add(view.hasLeader());
            aliveVoters.add((int) view.raftPeers().stream().filter(p -> p.voter() && p.status().equals("alive")).count());
        }

        boolean leaderThroughout() {
            return !leader.isEmpty() && leader.stream().allMatch(b -> b);
        }
    }

    private ClusterView consul() {
        return aws.consul().cluster(CLUSTER);
    }

    private static AutoScalingGroup group() {
        return AwsClients.autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(GROUP)).autoScalingGroups().get(0);
    }

    private Set<String> peers() {
        return consul().raftPeers().stream().map(ClusterView.RaftPeer::instanceId).collect(Collectors.toSet());
    }

    private Optional<String> kv(String key) {
        try {
            return aws.consul().kvGet(CLUSTER, key);
        } catch (ConsulError e) {
            return Optional.empty(); // no leader, no cluster: nothing to read
        }
    }

    @ParameterizedTest(name = "{0} servers")
    @ValueSource(ints = {3, 5})
    void aRebakeKeepsALeaderAndEveryVoterAndTheDataAtEverySample(int servers) {
        Cluster cluster = deploy(",\"serverCount\":" + servers);
        assertEquals(PollState.READY, cluster.status().status(), cluster.status().reason());
        assertEquals(servers, cluster.status().consul().voters(), "the check reports Consul's voters");
        assertEquals(consul().leaderAddress(), cluster.status().consul().leader(), "and Consul's leader");
        assertEquals(consul().leaderInstanceId(), cluster.status().consul().leaderInstanceId());
        Set<String> oldPeers = peers();
        aws.consul().kvPut(CLUSTER, "marker", "written-before-the-rebake");

        Rebake rebake = startRebake(cluster, ",\"serverCount\":" + servers, image -> { });
        Watch watch = new Watch();
        ClusterStatus status = waitFor(rebake, watch);

        assertEquals(PollState.READY, status.status(), status.reason());
        assertEquals("REFRESH_STARTED", rebake.deployment().action());
        assertTrue(watch.leaderThroughout(), "a leader at every 5 s sample: " + watch.leader);
        assertTrue(watch.aliveVoters.stream().allMatch(n -> n >= servers), "never fewer than " + servers + " voters: " + watch.aliveVoters);
        assertEquals("written-before-the-rebake", kv("marker").orElse(null), "the data outlived every server it was written on");
        ClusterView after = consul();
        assertEquals(servers, after.voters().size());
        assertTrue(after.voters().stream().noneMatch(oldPeers::contains), "every server was replaced");
        assertEquals(List.of(), after.deadPeers());
        assertEquals(servers, after.minQuorum());
        assertEquals(servers, status.consul().voters());
        assertEquals(2 * servers, aws.calls().of("autoscaling", "CompleteLifecycleAction").stream()
                .filter(c -> "CONTINUE".equals(c.params().get("LifecycleActionResult")) && c.succeeded()).count(),
                "every server, the first ones and each replacement, was admitted by the gate");
    }

    @Test
    void anImageWhoseConsulNeverStartsIsRolledBackAfterItsFirstServerWithTheDataIntact() {
        Cluster cluster = deploy("");
        Set<String> oldPeers = peers();
        aws.consul().kvPut(CLUSTER, "marker", "kept");
        Rebake rebake = startRebake(cluster, "", image -> aws.consul().failToStart(image.imageId()));
        Watch watch = new Watch();

        ClusterStatus status = waitFor(rebake, watch);

        assertEquals(PollState.FAILED, status.status());
        assertNotNull(status.failedInstanceId());
        assertTrue(status.reason().contains(status.failedInstanceId()) && status.reason().contains("agent not running"),
                status.reason());
        assertTrue(status.reason().contains("rolled back"), status.reason());
        assertEquals(1, aws.ec2().instances().stream().filter(i -> rebake.image().imageId().equals(i.imageId())).count(),
                "rolled back after the first new server");
        aws.clock().advance(Duration.ofMinutes(10));
        assertEquals(oldPeers, peers(), "the old servers are still Consul's peers");
        assertTrue(consul().hasLeader());
        assertEquals("kept", kv("marker").orElse(null));
        assertTrue(watch.leaderThroughout());
        assertEquals(String.valueOf(cluster.template().version()), group().launchTemplate().version(), "the group is back on the old version");
    }

    @Test
    void aNewServerThatCannotGossipIsTurnedAwayAndTheRefreshRolledBack() {
        Cluster cluster = deploy("");
        Set<String> oldPeers = peers();
        aws.consul().kvPut(CLUSTER, "marker", "kept");
        Rebake rebake = startRebake(cluster, "", image -> { });
        Set<String> blocked = new HashSet<>();

        ClusterStatus status = waitFor(rebake, a -> a.ec2().instances().stream()
                .filter(i -> rebake.image().imageId().equals(i.imageId()) && blocked.add(i.instanceId()))
                .forEach(i -> a.consul().blockGossip(i.instanceId())));

        assertEquals(PollState.FAILED, status.status());
        assertTrue(status.reason().contains("no leader; 1 LAN members"), status.reason());
        assertEquals(Set.of(status.failedInstanceId()), blocked, "the first new server was the only one");
        aws.clock().advance(Duration.ofMinutes(10));
        assertEquals(oldPeers, peers());
        assertEquals("kept", kv("marker").orElse(null));
    }

    @Test
    void aDeployWhereOneServerCannotGossipFailsNamingItAndStopsLaunchingUntilTheNextDeployRepairsIt() {
        Prepared prepared = prepare("");
        ClusterSpec spec = prepared.spec();
        Image image = prepared.image();
        LaunchTemplate template = prepared.template();
        Deployment deployment = steps.deploy(spec, template);
        List<String> firstServer = new ArrayList<>();

        ClusterStatus status = steps.waitForCluster(spec, template, deployment, a -> {
            if (firstServer.isEmpty() && !a.ec2().instances().stream().filter(i -> image.imageId().equals(i.imageId())).toList().isEmpty()) {
                String id = a.ec2().instances().stream().filter(i -> image.imageId().equals(i.imageId())).findFirst().get().instanceId();
                firstServer.add(id);
                a.consul().blockGossip(id);
            }
        });

        assertEquals(PollState.FAILED, status.status(), "not READY: three servers never made a cluster");
        assertNotNull(status.failedInstanceId());
        assertTrue(status.reason().contains("no leader"), status.reason());
        assertTrue(status.reason().contains("Launch process is suspended"), status.reason());
        assertTrue(group().suspendedProcesses().stream().anyMatch(p -> p.processName().equals("Launch")));
        int launched = aws.ec2().instances().size();
        aws.clock().advance(Duration.ofMinutes(30)); // past the hook's heartbeat timeout for the others
        assertEquals(launched, aws.ec2().instances().size(), "no servers launched that would fail the same way");

        Deployment repair = steps.deploy(spec, template);
        ClusterStatus repaired = steps.waitForCluster(spec, template, repair, a -> { });

        assertEquals(PollState.READY, repaired.status(), repaired.reason());
        assertTrue(group().suspendedProcesses().isEmpty(), "the next deploy resumed Launch");
        assertEquals(3, consul().voters().size());
    }

    @Test
    void aServerThatCrashesMidRefreshIsReplacedAndTheClusterEndsWhole() {
        Cluster cluster = deploy("");
        aws.consul().kvPut(CLUSTER, "marker", "kept");
        Rebake rebake = startRebake(cluster, "", image -> { });
        Set<String> old = peers();
        Watch watch = new Watch();
        List<String> crashed = new ArrayList<>();

        ClusterStatus status = waitFor(rebake, a -> {
            watch.accept(a);
            boolean firstReplaced = a.consul().cluster(CLUSTER).voters().stream().filter(id -> !old.contains(id)).count() == 1;
            if (crashed.isEmpty() && firstReplaced) {
                String follower = a.consul().cluster(CLUSTER).voters().stream().filter(old::contains)
                        .filter(id -> !id.equals(a.consul().cluster(CLUSTER).leaderInstanceId())).findFirst().orElseThrow();
                crashed.add(follower);
                a.consul().crash(follower);
            }
        });

        assertEquals(1, crashed.size());
        assertEquals(PollState.READY, status.status(), status.reason());
        assertTrue(watch.leaderThroughout(), "a leader at every sample: " + watch.leader);
        assertTrue(watch.aliveVoters.stream().allMatch(n -> n >= 2), "a majority of 3 alive throughout: " + watch.aliveVoters);
        assertEquals("kept", kv("marker").orElse(null));
        assertEquals(3, consul().voters().size());
        assertEquals(List.of(), consul().deadPeers(), "autopilot removed the crashed voter");
        assertTrue(consul().voters().stream().noneMatch(old::contains));
    }

    @Test
    void resizingThreeToFiveToThreeMovesOneServerAtATimeWithALeaderThroughout() {
        Cluster cluster = deploy("");
        aws.consul().kvPut(CLUSTER, "marker", "kept");
        Image image = new Image(cluster.template().imageId(), "same");

        for (int servers : new int[] {5, 3}) {
            ClusterSpec resized = steps.spec(",\"serverCount\":" + servers);
            LaunchTemplate template = steps.publish(resized, cluster.resources(), image);
            assertEquals(cluster.template(), template, "a resize needs no new template version");
            Deployment deployment = steps.deploy(resized, template);
            Watch watch = new Watch();
            List<Integer> desiredSeen = new ArrayList<>();

            ClusterStatus status = steps.waitForCluster(resized, template, deployment, a -> {
                watch.accept(a);
                desiredSeen.add(group().desiredCapacity());
            });

            assertEquals("RESIZING", deployment.action());
            assertEquals(PollState.READY, status.status(), status.reason());
            assertTrue(watch.leaderThroughout(), servers + ": a leader at every sample");
            for (int k = 1; k < desiredSeen.size(); k++) {
                assertTrue(Math.abs(desiredSeen.get(k) - desiredSeen.get(k - 1)) <= 1, "one server at a time: " + desiredSeen);
            }
            assertTrue(watch.aliveVoters.stream().allMatch(n -> n >= 3), "never below the smaller size: " + watch.aliveVoters);
            assertEquals(servers, consul().voters().size());
            assertEquals(servers, consul().minQuorum(), "autopilot's MinQuorum follows the count");
            assertEquals(servers, status.consul().voters());
            assertEquals(servers, group().desiredCapacity());
            assertEquals(servers + 1, group().maxSize());
            assertEquals("kept", kv("marker").orElse(null));
        }
        assertEquals(1, aws.calls().of("ec2", "CreateLaunchTemplate").size());
        assertTrue(aws.calls().of("ec2", "CreateLaunchTemplateVersion").isEmpty());
        assertTrue(aws.calls().of("autoscaling", "StartInstanceRefresh").isEmpty(), "a resize replaces no server");
    }

    @Test
    void aGroupMadeBeforeTheGateGetsTheHookAndTheCountTagOnItsNextDeploy() {
        Cluster cluster = deploy("");
        var autoScaling = AwsClients.autoScaling();
        autoScaling.deleteLifecycleHook(r -> r.autoScalingGroupName(GROUP).lifecycleHookName(JoinGate.HOOK_NAME));
        autoScaling.deleteTags(r -> r.tags(t -> t.resourceId(GROUP).resourceType("auto-scaling-group").key("consul-server-count")));

        Deployment again = steps.deploy(cluster.spec(), cluster.template());
        Deployment thrice = steps.deploy(cluster.spec(), cluster.template());

        assertEquals("UNCHANGED", again.action());
        var hooks = autoScaling.describeLifecycleHooks(r -> r.autoScalingGroupName(GROUP)).lifecycleHooks();
        assertEquals(1, hooks.size());
        assertEquals("autoscaling:EC2_INSTANCE_LAUNCHING", hooks.get(0).lifecycleTransition());
        assertEquals("ABANDON", hooks.get(0).defaultResult());
        assertEquals(JoinGate.HEARTBEAT_TIMEOUT_SECONDS, hooks.get(0).heartbeatTimeout());
        assertTrue(group().tags().stream().anyMatch(t -> t.key().equals("consul-server-count") && t.value().equals("3")
                && t.propagateAtLaunch()));
        assertEquals("UNCHANGED", thrice.action());
        assertEquals(1, aws.calls().of("autoscaling", "PutLifecycleHook").size(), "idempotent: put once, found the second time");
    }

    @Test
    void aLaunchEc2RefusesForGoodFailsTheDeployWithEc2sCauseInsteadOfWaitingAnHour() {
        Prepared prepared = prepare("");
        ClusterSpec spec = prepared.spec();
        LaunchTemplate template = prepared.template();
        aws.ec2().onDemandStandardVcpuQuota(4); // two t3.small servers of three
        Deployment deployment = steps.deploy(spec, template);

        ClusterStatus status = steps.waitForCluster(spec, template, deployment, a -> { });

        assertEquals(PollState.FAILED, status.status());
        assertTrue(status.reason().contains("could not launch a server") && status.reason().contains("vCPU"), status.reason());
        assertTrue(status.checks() < 10, "said at once, not after the loop's hour: " + status.checks() + " checks");
        assertTrue(group().suspendedProcesses().stream().anyMatch(p -> p.processName().equals("Launch")));
    }

    /** The negative control: the same "never starts" rebake without the gate loses the data the gate keeps. */
    @Test
    void withoutTheGateTheSameRebakeLosesTheData() {
        Cluster cluster = deploy("");
        aws.consul().kvPut(CLUSTER, "marker", "lost-without-the-gate");
        startRebake(cluster, "", image -> aws.consul().failToStart(image.imageId()));
        AwsClients.autoScaling().deleteLifecycleHook(r -> r.autoScalingGroupName(GROUP).lifecycleHookName(JoinGate.HOOK_NAME));

        for (int k = 0; k < 12 * 30; k++) { // 30 minutes: EC2 alone decides
            aws.clock().advance(Duration.ofSeconds(5));
        }

        String refresh = AwsClients.autoScaling().describeInstanceRefreshes(r -> r.autoScalingGroupName(GROUP))
                .instanceRefreshes().get(0).statusAsString();
        assertEquals("Successful", refresh, "EC2's view: every server replaced and healthy " + group().instances() + " " + consul());
        assertTrue(consul().voters().isEmpty() || !consul().hasLeader(), "Consul's view: no cluster left");
        assertEquals(Optional.empty(), kv("marker"), "and the data is gone");
    }
}
