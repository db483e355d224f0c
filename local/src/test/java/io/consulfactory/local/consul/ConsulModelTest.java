package io.consulfactory.local.consul;

import io.consulfactory.aws.AwsClients;
import io.consulfactory.bake.Image;
import io.consulfactory.cluster.ClusterStatus;
import io.consulfactory.cluster.Deployment;
import io.consulfactory.launch.LaunchTemplate;
import io.consulfactory.consul.BootSettings;
import io.consulfactory.consul.UserData;
import io.consulfactory.lambda.PollState;
import io.consulfactory.launch.PublishLaunchTemplate;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.StepByStep;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.Ec2Images;
import io.consulfactory.local.cloud.ec2.Network;
import io.consulfactory.resources.SupportingResources;
import io.consulfactory.spec.ClusterSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Consul model on servers seeded through the local AWS's EC2 API: an image baked by the real handlers,
 * servers launched with RunInstances carrying the factory's boot script and tags, the
 * {@code consul-server-count} tag added by the test (the product does not set it yet). Asserts on the
 * model's quorum and data, and on the console lines the product's Lambda reads.
 */
@ExtendWith(LocalAwsExtension.class)
class ConsulModelTest {

    private static final Pattern OK = Pattern.compile("CONSUL_JOIN_RESULT=OK node=consul-[0-9a-f]{17} leader=10\\.0\\.[1-3]\\.\\d+:8300"
            + " voters=\\d+ failure_tolerance=\\d+ at=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    private static final Pattern STATUS = Pattern.compile("CONSUL_STATUS node=consul-[0-9a-f]{17} leader=(10\\.0\\.[1-3]\\.\\d+:8300|none)"
            + " voters=\\d+ failure_tolerance=\\d+ healthy=(true|false) min_quorum=\\d+ at=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

    private final Ec2Client ec2 = AwsClients.ec2();
    private LocalAws aws;
    private Network network;
    private StepByStep steps;
    private ClusterSpec spec;
    private SupportingResources resources;
    private Image image;
    private String imageId;

    /** Back to the servers reading the local Secrets Manager, as LocalAws wires them. */
    @AfterEach
    void rewireSecrets() {
        aws.consul().secrets(aws.secretsManager()::currentSecretString);
    }

    @BeforeEach
    void bake(LocalAws aws) {
        this.aws = aws;
        this.network = aws.ec2().seedDefaultNetwork();
        this.steps = new StepByStep(aws, network);
        this.spec = steps.spec("");
        this.resources = steps.resources(spec);
        this.image = steps.bake(spec, resources, "bake");
        this.imageId = image.imageId();
    }

    // ---- arrange and act ----

    /** Servers launched as the cluster's launch template would, one per subnet in turn, tagged with N. */
    private List<String> launch(ClusterSpec cluster, String image, int count, int serverCount, String... groupIds) {
        return launch(cluster, image, earlierBoot(cluster), count, serverCount, groupIds);
    }

    /**
     * The boot script of a release before servers were secured: today's without its security settings, so the
     * server runs with no gossip key, no TLS and no ACLs (stage 0).
     */
    static String earlierBoot(ClusterSpec cluster) {
        return StepByStep.earlierRelease(UserData.boot(BootSettings.secured(LocalAws.DEFAULT_REGION, cluster.clusterName())).text());
    }

    private List<String> launch(ClusterSpec cluster, String image, String userData, int count, int serverCount, String... groupIds) {
        String encoded = Base64.getEncoder().encodeToString(userData.getBytes(StandardCharsets.UTF_8));
        Map<String, String> tags = new LinkedHashMap<>(PublishLaunchTemplate.serverTags(cluster));
        tags.put(ConsulModel.SERVER_COUNT_TAG, String.valueOf(serverCount));
        List<Tag> ec2Tags = tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
        List<String> ids = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            String subnet = network.subnetIds().get((launched++) % network.subnetIds().size());
            Instance i = ec2.runInstances(r -> r.imageId(image).instanceType("t3.small").minCount(1).maxCount(1).subnetId(subnet)
                    .securityGroupIds(groupIds.length == 0 ? new String[]{resources.securityGroupId()} : groupIds)
                    .userData(encoded).instanceInitiatedShutdownBehavior("terminate")
                    .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE).tags(ec2Tags))).instances().get(0);
            ids.add(i.instanceId());
        }
        return ids;
    }

    private int launched;

    private List<String> launch(int count) {
        return launch(spec, imageId, count, 3);
    }

    /** Moves the clock in the 5-second steps tests sample at, showing each step's view of the cluster. */
    private void run(Duration duration, Consumer<ClusterView> everyStep) {
        for (Duration d = Duration.ZERO; d.compareTo(duration) < 0; d = d.plusSeconds(5)) {
            aws.clock().advance(Duration.ofSeconds(5));
            everyStep.accept(aws.consul().cluster(spec.clusterName()));
        }
    }

    private void run(Duration duration) {
        run(duration, v -> { });
    }

    private ClusterView view() {
        return aws.consul().cluster(spec.clusterName());
    }

    private void terminate(String instanceId) {
        ec2.terminateInstances(r -> r.instanceIds(instanceId));
    }

    /** The console as the product's Lambda reads it: GetConsoleOutput with Latest=true. */
    private List<String> console(String instanceId) {
        String output = ec2.getConsoleOutput(r -> r.instanceId(instanceId).latest(true)).output();
        return output == null ? List.of() : Arrays.asList(new String(Base64.getDecoder().decode(output), StandardCharsets.UTF_8).split("\r\n"));
    }

    private List<String> lines(String instanceId, String prefix) {
        return console(instanceId).stream().filter(l -> l.startsWith(prefix)).toList();
    }

    private String joinResult(String instanceId) {
        List<String> results = lines(instanceId, "CONSUL_JOIN_RESULT=");
        assertEquals(1, results.size(), "one join result on " + instanceId + ": " + console(instanceId));
        return results.get(0);
    }

    private static Instant at(String line) {
        return Instant.parse(line.replaceAll(".* at=(\\S+).*", "$1"));
    }

    private Instant runningSince(String instanceId) {
        return aws.ec2().instanceEntered(instanceId, "running");
    }

    // ---- the tests ----

    @Test
    void threeServersFindEachOtherByTagBootstrapElectALeaderAndPrintOk() {
        List<String> servers = launch(3);

        run(Duration.ofMinutes(2));

        ClusterView cluster = view();
        assertTrue(cluster.hasLeader());
        assertTrue(servers.contains(cluster.leaderInstanceId()));
        assertEquals(Set.copyOf(servers), Set.copyOf(cluster.voters()));
        assertEquals(List.of(), cluster.nonVoters());
        assertEquals(1, cluster.failureTolerance(), "3 healthy voters, quorum 2");
        assertEquals(3, cluster.minQuorum(), "min_quorum = N from the tag at bootstrap");
        assertTrue(cluster.healthy());
        for (String id : servers) {
            String node = "consul-" + id.substring(2);
            String ip = ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0).privateIpAddress();
            assertEquals(List.of("consul-boot: Consul started on " + node + " (" + ip + ")"), lines(id, "consul-boot:"));
            String ok = joinResult(id);
            assertTrue(OK.matcher(ok).matches(), ok);
            assertTrue(ok.startsWith("CONSUL_JOIN_RESULT=OK node=" + node + " leader=" + cluster.leaderAddress()
                    + " voters=3 failure_tolerance=1 at="), ok);
            // Consul starts 5 s after running; three checks 5 s apart pass from the first.
            assertEquals(runningSince(id).plusSeconds(15), at(ok), ok);
        }

        run(Duration.ofMinutes(2));

        for (String id : servers) {
            List<String> status = lines(id, "CONSUL_STATUS ");
            assertTrue(status.size() >= 4, "a status line every 30 s: " + status);
            status.forEach(line -> assertTrue(STATUS.matcher(line).matches(), line));
            String last = status.get(status.size() - 1);
            assertTrue(last.contains(" leader=" + view().leaderAddress() + " voters=3 failure_tolerance=1 healthy=true min_quorum=3 "), last);
            assertEquals(Duration.ofSeconds(30), Duration.between(at(status.get(status.size() - 2)), at(last)));
        }
    }

    @Test
    void aRollingReplacementOneServerAtATimeKeepsALeaderAndTheKv() {
        List<String> old = launch(3);
        run(Duration.ofMinutes(2));
        aws.consul().kvPut(spec.clusterName(), "marker", "before-the-roll");
        List<String> replacements = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        Consumer<ClusterView> watch = v -> {
            assertTrue(v.hasLeader(), "a leader at every step: " + v);
            assertEquals("before-the-roll", v.kv().get("marker"), "the KV at every step: " + v);
            seen.add(v.voters().size() + "/" + v.raftPeers().size());
        };

        for (String server : old) {
            String replacement = launch(1).get(0);
            replacements.add(replacement);
            run(Duration.ofSeconds(100), watch); // boot, join as a non-voter, promoted after server_stabilization_time
            assertTrue(view().voters().contains(replacement), "promoted: " + view());
            terminate(server);
            run(Duration.ofSeconds(30), watch);
            assertFalse(view().raftPeers().stream().anyMatch(p -> p.instanceId().equals(server)), "left the peers");
        }

        ClusterView cluster = view();
        assertEquals(Set.copyOf(replacements), Set.copyOf(cluster.voters()));
        assertEquals(3, cluster.raftPeers().size());
        assertEquals(1, cluster.failureTolerance());
        assertEquals("before-the-roll", aws.consul().kvGet(spec.clusterName(), "marker").orElseThrow());
        assertTrue(seen.contains("3/4"), "each replacement first joined as a non-voter: " + seen);
        assertTrue(seen.stream().allMatch(s -> s.matches("[34]/[34]")), "never below 3 voters: " + seen);
        for (String id : replacements) {
            assertTrue(joinResult(id).contains(" voters=4 failure_tolerance=1 "), "OK with the old server still there: " + joinResult(id));
        }
    }

    @Test
    void aServerWhoseGossipIsBlockedPrintsFailedNoLeaderAfterTheBound() {
        List<String> cluster = launch(3);
        run(Duration.ofMinutes(2));
        String cutOff = launch(1).get(0);
        aws.consul().blockGossip(cutOff);

        run(Duration.ofMinutes(12)); // boot, then the boot script's 600 s bound

        String failed = joinResult(cutOff);
        assertTrue(failed.matches("CONSUL_JOIN_RESULT=FAILED node=consul-" + cutOff.substring(2) + " at=\\S+ reason=no leader; 1 LAN members"), failed);
        assertEquals(runningSince(cutOff).plusSeconds(5 + 600), at(failed), "at the 600 s bound");
        assertEquals(Set.copyOf(cluster), Set.copyOf(view().voters()), "the cluster never saw it");
        assertEquals(List.of(), lines(cutOff, "CONSUL_STATUS"), "no status lines after FAILED");
        assertEquals(1, aws.consul().server(cutOff).orElseThrow().lanMembers());
    }

    @Test
    void consulFailingToStartOnAnImagePrintsFailedAgentNotRunning() {
        aws.consul().failToStart(imageId);

        List<String> servers = launch(3);
        run(Duration.ofMinutes(12));

        for (String id : servers) {
            assertEquals(List.of(), lines(id, "consul-boot: Consul started"));
            assertTrue(joinResult(id).endsWith(" reason=agent not running: Failed to start consul.service - HashiCorp Consul server."),
                    joinResult(id));
        }
        assertFalse(view().hasLeader());
        assertThrows(ConsulError.class, () -> aws.consul().kvPut(spec.clusterName(), "k", "v"));
    }

    @Test
    void aTerminatedServerLeavesGracefullyAndThePeersShrink() {
        List<String> servers = launch(3);
        run(Duration.ofMinutes(2));
        String leaving = view().leaderInstanceId(); // the hardest one: the leader itself

        terminate(leaving);
        run(Duration.ofSeconds(10));

        ClusterView cluster = view();
        assertTrue(cluster.hasLeader());
        assertEquals(2, cluster.raftPeers().size(), "leave_on_terminate: removed from the peers: " + cluster);
        assertEquals(List.of(), cluster.deadPeers());
        assertEquals(0, cluster.failureTolerance(), "2 voters, quorum 2");
        run(Duration.ofSeconds(60));
        String survivor = servers.stream().filter(id -> !id.equals(leaving)).findFirst().orElseThrow();
        List<String> status = lines(survivor, "CONSUL_STATUS");
        assertTrue(status.get(status.size() - 1).contains(" voters=2 failure_tolerance=0 healthy=true "), status.toString());
    }

    @Test
    void aCrashedServerStaysADeadVoterUntilAReplacementKeepsMinQuorum() {
        List<String> servers = launch(3);
        run(Duration.ofMinutes(2));
        String crashed = servers.get(1);

        aws.consul().crash(crashed);
        run(Duration.ofMinutes(5));

        Instance stopped = ec2.describeInstances(r -> r.instanceIds(crashed)).reservations().get(0).instances().get(0);
        assertEquals("stopped", stopped.state().nameAsString());
        assertEquals("Server.ScheduledStop", stopped.stateReason().code());
        ClusterView degraded = view();
        assertTrue(degraded.hasLeader());
        assertEquals(3, degraded.voters().size(), "min_quorum 3: autopilot keeps the dead voter");
        assertEquals(List.of(crashed), degraded.deadPeers().stream().map(ClusterView.RaftPeer::instanceId).toList());
        assertEquals("failed", degraded.deadPeers().get(0).status());
        assertEquals(0, degraded.failureTolerance());
        assertFalse(degraded.healthy());

        String replacement = launch(1).get(0);
        run(Duration.ofMinutes(2));

        ClusterView healed = view();
        assertEquals(List.of(), healed.deadPeers(), "removed once the replacement keeps 3 potential voters");
        assertTrue(healed.voters().contains(replacement));
        assertEquals(3, healed.voters().size());
        assertEquals(1, healed.failureTolerance());
        assertTrue(healed.healthy());
        assertTrue(joinResult(replacement).startsWith("CONSUL_JOIN_RESULT=OK"), joinResult(replacement));
    }

    @Test
    void aCrashedLeaderIsReplacedByAnotherVoterThatHoldsTheKv() {
        launch(3);
        run(Duration.ofMinutes(2));
        aws.consul().kvPut(spec.clusterName(), "marker", "committed");
        String leader = view().leaderInstanceId();

        aws.consul().crash(leader);
        run(Duration.ofSeconds(5));

        ClusterView cluster = view();
        assertTrue(cluster.hasLeader());
        assertFalse(cluster.leaderInstanceId().equals(leader));
        assertEquals("committed", aws.consul().kvGet(spec.clusterName(), "marker").orElseThrow());
        aws.consul().kvPut(spec.clusterName(), "after", "still-writable"); // 2 of 3 voters are a quorum
        assertEquals(List.of(leader), cluster.deadPeers().stream().map(ClusterView.RaftPeer::instanceId).toList());
    }

    @Test
    void withoutTheServerCountTagOrOnAnImageTheFactoryDidNotBakeTheBootScriptStopsAndSaysWhy() {
        Map<String, String> tags = PublishLaunchTemplate.serverTags(spec);
        List<Tag> ec2Tags = tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
        String untagged = ec2.runInstances(r -> r.imageId(imageId).instanceType("t3.small").minCount(1).maxCount(1)
                .subnetId(network.subnetIds().get(0)).securityGroupIds(resources.securityGroupId()).userData(UserData.boot(BootSettings.secured(LocalAws.DEFAULT_REGION, spec.clusterName())).base64())
                .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE).tags(ec2Tags))).instances().get(0).instanceId();
        String plain = ec2.runInstances(r -> r.imageId(Ec2Images.UBUNTU_AMD64).instanceType("t3.small")
                .minCount(1).maxCount(1).subnetId(network.subnetIds().get(0)).userData(UserData.boot(BootSettings.secured(LocalAws.DEFAULT_REGION, spec.clusterName())).base64())
                .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE).tags(Tag.builder().key(ConsulModel.SERVER_COUNT_TAG)
                        .value("3").build()))).instances().get(0).instanceId();

        run(Duration.ofMinutes(2)); // boot.sh dies at once: no waiting for its 10-minute bound

        assertTrue(joinResult(untagged).startsWith("CONSUL_JOIN_RESULT=FAILED"), joinResult(untagged));
        assertTrue(joinResult(untagged).contains("reason=the instance has no consul-server-count tag"), joinResult(untagged));
        assertEquals("not-running", aws.consul().server(untagged).orElseThrow().status(), "no Consul without the tag");
        assertEquals(List.of("consul-boot: FAILED: /opt/consul/consul.d/0-consul.json is missing: was this image baked by the factory?"),
                lines(plain, "consul-boot:"));
        assertTrue(joinResult(plain).endsWith("reason=/opt/consul/consul.d/0-consul.json is missing: was this image baked by the factory?"),
                joinResult(plain));
    }

    @Test
    void losingEveryVoterLosesTheKvAndNewServersBootstrapAnEmptyCluster() {
        List<String> first = launch(3);
        run(Duration.ofMinutes(2));
        aws.consul().kvPut(spec.clusterName(), "marker", "gone-with-them");
        assertEquals("gone-with-them", aws.consul().kvGet(spec.clusterName(), "marker").orElseThrow());

        first.forEach(aws.consul()::crash);
        run(Duration.ofSeconds(10));
        assertThrows(ConsulError.class, () -> aws.consul().kvGet(spec.clusterName(), "marker"), "no leader");

        List<String> second = launch(3);
        run(Duration.ofMinutes(2));

        ClusterView cluster = view();
        assertTrue(cluster.hasLeader());
        assertEquals(Set.copyOf(second), Set.copyOf(cluster.voters()), "a new bootstrap, none of the old peers");
        assertEquals(Map.of(), cluster.kv());
        assertTrue(aws.consul().kvGet(spec.clusterName(), "marker").isEmpty());
    }

    @Test
    void twoClustersWithDifferentJoinTagsNeverMix() {
        ClusterSpec other = steps.spec(",\"clusterName\":\"consul-dc2\",\"joinTag\":{\"key\":\"service\",\"value\":\"consul-dc2\"}");
        String otherImage = steps.bake(other, resources, "other").imageId();

        List<String> first = launch(3);
        List<String> second = launch(other, otherImage, 3, 3, resources.securityGroupId()); // the same security group
        run(Duration.ofMinutes(2));
        aws.consul().kvPut("consul-dc1", "who", "dc1");

        ClusterView one = aws.consul().cluster("consul-dc1");
        ClusterView two = aws.consul().cluster("consul-dc2");
        assertEquals(Set.copyOf(first), Set.copyOf(one.voters()));
        assertEquals(Set.copyOf(second), Set.copyOf(two.voters()));
        assertTrue(first.contains(one.leaderInstanceId()) && second.contains(two.leaderInstanceId()));
        assertEquals(Map.of("who", "dc1"), one.kv());
        assertEquals(Map.of(), two.kv());
        for (String id : first) {
            assertEquals(3, aws.consul().server(id).orElseThrow().lanMembers(), "only its own cluster in its LAN pool");
        }
    }

    @Test
    void aSecurityGroupWithoutLanGossipIsolatesAServerUntil8301IsOpen() {
        List<String> cluster = launch(3);
        run(Duration.ofMinutes(2));
        String clusterGroup = resources.securityGroupId();
        String noGossip = ec2.createSecurityGroup(r -> r.groupName("no-gossip").description("8300 only").vpcId(network.vpcId())).groupId();
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(noGossip).ipPermissions(
                IpPermission.builder().ipProtocol("tcp").fromPort(8300).toPort(8300).userIdGroupPairs(p -> p.groupId(clusterGroup)).build()));
        // The cluster's group lets everything Consul needs through to and from the new group.
        List<IpPermission> consulPorts = List.of(
                IpPermission.builder().ipProtocol("tcp").fromPort(8300).toPort(8301).userIdGroupPairs(p -> p.groupId(noGossip)).build(),
                IpPermission.builder().ipProtocol("udp").fromPort(8301).toPort(8301).userIdGroupPairs(p -> p.groupId(noGossip)).build());
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(clusterGroup).ipPermissions(consulPorts));
        ec2.authorizeSecurityGroupEgress(r -> r.groupId(clusterGroup).ipPermissions(consulPorts));

        String isolated = launch(spec, imageId, 1, 3, noGossip).get(0);
        run(Duration.ofMinutes(3));

        assertEquals(1, aws.consul().server(isolated).orElseThrow().lanMembers());
        assertEquals(Set.copyOf(cluster), Set.copyOf(view().voters()));
        assertFalse(view().raftPeers().stream().anyMatch(p -> p.instanceId().equals(isolated)));

        ec2.authorizeSecurityGroupIngress(r -> r.groupId(noGossip).ipPermissions(
                IpPermission.builder().ipProtocol("tcp").fromPort(8301).toPort(8301).userIdGroupPairs(p -> p.groupId(clusterGroup)).build(),
                IpPermission.builder().ipProtocol("udp").fromPort(8301).toPort(8301).userIdGroupPairs(p -> p.groupId(clusterGroup)).build()));
        run(Duration.ofMinutes(1)); // retry_join tries again every 30 s

        assertEquals(4, aws.consul().server(isolated).orElseThrow().lanMembers());
        assertTrue(view().voters().contains(isolated), "joined and promoted: " + view());
        assertTrue(joinResult(isolated).startsWith("CONSUL_JOIN_RESULT=OK"), joinResult(isolated));
    }

    @Test
    void theLeadersReporterKeepsMinQuorumEqualToTheServerCountTag() {
        List<String> servers = launch(3);
        run(Duration.ofMinutes(2));
        assertEquals(3, view().minQuorum());

        ec2.createTags(r -> r.resources(servers).tags(Tag.builder().key(ConsulModel.SERVER_COUNT_TAG).value("5").build()));
        run(Duration.ofSeconds(30));

        assertEquals(5, view().minQuorum(), "set on the leader's next status tick");
        List<String> status = lines(view().leaderInstanceId(), "CONSUL_STATUS");
        assertTrue(status.get(status.size() - 1).contains(" min_quorum=5 "), status.toString());
    }

    @Test
    void sampledEveryFiveSecondsOverAnHourTheModelStaysCheap() {
        launch(spec, imageId, 5, 5);
        long started = System.nanoTime();
        List<Integer> voters = new ArrayList<>();

        run(Duration.ofHours(1), v -> voters.add(v.voters().size()));

        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(720, voters.size());
        assertEquals(5, voters.get(voters.size() - 1));
        assertTrue(millis < 10_000, "720 samples of a 5-server cluster took " + millis + " ms");
    }

    /**
     * What the product must do and does not yet (the contract): tag each server with consul-server-count. Done
     * here right after launch, while the instance is still pending, as CreateTags by the factory would.
     */
    private void tagNewServers(LocalAws a) {
        List<String> untagged = ec2.describeInstances(r -> r.filters(f -> f.name("tag:consul-cluster").values(spec.clusterName()),
                f -> f.name("instance-state-name").values("pending", "running"))).reservations().stream()
                .flatMap(r -> r.instances().stream())
                .filter(i -> i.tags().stream().noneMatch(t -> t.key().equals(ConsulModel.SERVER_COUNT_TAG)))
                .map(Instance::instanceId).toList();
        if (!untagged.isEmpty()) {
            ec2.createTags(r -> r.resources(untagged).tags(Tag.builder().key(ConsulModel.SERVER_COUNT_TAG)
                    .value(String.valueOf(spec.serverCount())).build()));
        }
    }

    @Test
    void aRebakeThroughTheWorkflowKeepsALeaderAndTheKvAtEveryStep() {
        LaunchTemplate first = steps.publish(spec, resources, image);
        Deployment deployment = steps.deploy(spec, first);
        assertEquals(PollState.READY, steps.waitForCluster(spec, first, deployment, this::tagNewServers).status());
        run(Duration.ofMinutes(1), v -> tagNewServers(aws));
        Set<String> oldServers = Set.copyOf(view().voters());
        assertEquals(3, oldServers.size());
        aws.consul().kvPut(spec.clusterName(), "marker", "survives-the-rebake");

        ClusterSpec newer = steps.spec(",\"consulVersion\":\"1.21.0\"");
        Image rebaked = steps.bake(newer, resources, "rebake");
        LaunchTemplate template = steps.publish(newer, resources, rebaked);
        Deployment refresh = steps.deploy(newer, template);
        List<String> seen = new ArrayList<>();
        ClusterStatus status = steps.waitForCluster(newer, template, refresh, a -> {
            tagNewServers(a);
            ClusterView v = a.consul().cluster(spec.clusterName());
            assertTrue(v.hasLeader(), "a leader at every step: " + v);
            assertEquals("survives-the-rebake", v.kv().get("marker"), "the KV at every step: " + v);
            assertTrue(v.voters().size() >= 3, "never fewer than 3 voters: " + v);
            seen.add(v.voters().size() + "/" + v.raftPeers().size());
        });
        run(Duration.ofMinutes(1));

        assertEquals(PollState.READY, status.status(), status.reason());
        ClusterView cluster = view();
        assertEquals(3, cluster.voters().size());
        assertTrue(cluster.voters().stream().noneMatch(oldServers::contains), "every server replaced: " + cluster);
        assertEquals(List.of(), cluster.deadPeers(), "the old servers left gracefully");
        assertEquals(1, cluster.failureTolerance());
        assertEquals("survives-the-rebake", aws.consul().kvGet(spec.clusterName(), "marker").orElseThrow());
        for (String id : cluster.voters()) {
            assertTrue(joinResult(id).startsWith("CONSUL_JOIN_RESULT=OK"), joinResult(id));
        }
        assertTrue(seen.contains("3/4"), "each new server joined as a non-voter first: " + seen);
    }

    // ---- security (issue 14): gossip encryption, TLS, ACLs ----

    private static final Pattern SECURE_OK = Pattern.compile("CONSUL_JOIN_RESULT=OK node=consul-[0-9a-f]{17} leader=10\\.0\\.[1-3]\\.\\d+:8300"
            + " voters=\\d+ failure_tolerance=\\d+ gossip=(verified|on|off) tls=(verified|on|off) acl=(deny|allow|off)"
            + " at=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

    private final SecurityFixtures.Secrets secrets = new SecurityFixtures.Secrets();

    /** Servers whose boot user data carries the stage's security assignments, reading the cluster's secrets. */
    private List<String> launchSecure(int count, int stage) {
        return launchSecure(count, SecurityFixtures.assignments(stage, spec.clusterName()));
    }

    private List<String> launchSecure(int count, String assignments) {
        aws.consul().secrets(secrets);
        return launch(spec, imageId, SecurityFixtures.withSecurity(earlierBoot(spec), assignments), count, 3);
    }

    /** The cluster's own secrets: its gossip key, its CA, its tokens. */
    private void clusterSecrets() {
        secrets.cluster(spec.clusterName(), SecurityFixtures.gossipKey("ours"), "our-ca");
    }

    @Test
    void aSecureClusterFormsWithGossipTlsAndAclsVerifiedAndDeny() {
        clusterSecrets();
        List<String> servers = launchSecure(3, 3);

        run(Duration.ofMinutes(3));

        ClusterView cluster = view();
        assertTrue(cluster.hasLeader());
        assertEquals(Set.copyOf(servers), Set.copyOf(cluster.voters()));
        assertEquals(1, cluster.failureTolerance());
        assertEquals(List.of(), cluster.partitions());
        assertEquals(4, cluster.aclTokens(), "initial management (the first leader), agent, status, operator (its acl-bootstrap)");
        for (String id : servers) {
            String ok = joinResult(id);
            assertTrue(SECURE_OK.matcher(ok).matches(), ok);
            assertTrue(ok.contains(" voters=3 failure_tolerance=1 gossip=verified tls=verified acl=deny at="), ok);
            List<String> status = lines(id, "CONSUL_STATUS ");
            assertTrue(status.get(status.size() - 1).contains(" min_quorum=3 gossip=verified tls=verified acl=deny at="), status.toString());
            SecurityView security = aws.consul().server(id).orElseThrow().security();
            assertEquals(new SecurityView(3, "verified", "verified", "deny", true, true, true, true, true,
                    cluster.security().get(servers.get(0)).gossipKeyFingerprint(), cluster.security().get(servers.get(0)).caFingerprint()), security);
            assertTrue(security.gossipKeyFingerprint().startsWith("sha256:"));
            assertFalse(String.join("\n", console(id)).contains(SecurityFixtures.gossipKey("ours")), "no secret on the console");
        }
    }

    @Test
    void aServerWhoseStatusTokenTheClusterNeverMadeFailsTheGateOnAcls() {
        clusterSecrets();
        launchSecure(3, 3);
        run(Duration.ofMinutes(2));
        String other = "consul-cluster-factory/" + spec.clusterName() + "/server-from-elsewhere";
        secrets.put(other, SecurityFixtures.serverSecret("our-ca", "elsewhere")); // our CA's certificate, unknown tokens
        String stranger = launchSecure(1, SecurityFixtures.assignments(3, "consul-cluster-factory/" + spec.clusterName() + "/client", other)).get(0);

        run(Duration.ofMinutes(12));

        assertTrue(joinResult(stranger).endsWith(" reason=ACL: the status token is not accepted yet"), joinResult(stranger));
        assertTrue(view().hasLeader());
        assertEquals(List.of(), view().partitions(), "gossip and TLS are fine: only its token is unknown");
    }

    @Test
    void anInsecureClusterRolledToStage1Then2Then3KeepsALeaderAndThreeVotersThroughout() {
        clusterSecrets();
        List<String> servers = new ArrayList<>(launch(3));
        run(Duration.ofMinutes(2));
        aws.consul().kvPut(spec.clusterName(), "marker", "before-the-upgrade");
        assertEquals(List.of(), lines(servers.get(0), "CONSUL_JOIN_RESULT=").stream().filter(l -> l.contains("gossip=")).toList(),
                "an earlier release's boot script prints no security fields");
        List<String> seen = new ArrayList<>();
        Consumer<ClusterView> watch = v -> {
            assertTrue(v.hasLeader(), "a leader at every step: " + v);
            assertTrue(v.voters().size() >= 3, "3 voters at every step: " + v);
            assertEquals("before-the-upgrade", v.kv().get("marker"));
            assertEquals(List.of(), v.partitions(), "no two servers one stage apart refuse each other: " + v.partitions());
            seen.add(v.voters().size() + "/" + v.raftPeers().size());
        };
        Map<Integer, String> fields = Map.of(1, " gossip=on tls=on acl=allow at=", 2, " gossip=on tls=on acl=allow at=",
                3, " gossip=verified tls=verified acl=deny at=");

        for (int stage = 1; stage <= 3; stage++) {
            for (String old : List.copyOf(servers)) {
                String replacement = launchSecure(1, stage).get(0);
                run(Duration.ofSeconds(100), watch);
                assertTrue(view().voters().contains(replacement), "stage " + stage + ": promoted: " + view());
                assertTrue(joinResult(replacement).startsWith("CONSUL_JOIN_RESULT=OK"), joinResult(replacement));
                assertTrue(joinResult(replacement).contains(fields.get(stage)), joinResult(replacement));
                terminate(old);
                servers.remove(old);
                servers.add(replacement);
                run(Duration.ofSeconds(30), watch);
            }
        }

        ClusterView cluster = view();
        assertEquals(Set.copyOf(servers), Set.copyOf(cluster.voters()));
        assertEquals(1, cluster.failureTolerance());
        assertTrue(cluster.healthy());
        assertEquals(4, cluster.aclTokens(), "bootstrapped by the first stage-1 leader");
        assertTrue(cluster.security().values().stream().allMatch(s -> s.stage() == 3 && s.acl().equals("deny")), cluster.security().toString());
        assertTrue(seen.stream().allMatch(s -> s.matches("[34]/[34]")), "never below 3 voters: " + seen);
        assertEquals("before-the-upgrade", aws.consul().kvGet(spec.clusterName(), "marker").orElseThrow());
    }

    @Test
    void aStage3ServerAddedToAnInsecureClusterNeverJoinsWhileTheOldClusterKeepsItsLeader() {
        clusterSecrets();
        List<String> old = launch(3);
        run(Duration.ofMinutes(2));
        String leader = view().leaderInstanceId();

        String naive = launchSecure(1, 3).get(0);
        run(Duration.ofMinutes(12), v -> assertEquals(leader, v.leaderInstanceId(), "the old cluster keeps its leader"));

        String failed = joinResult(naive);
        assertTrue(failed.matches("CONSUL_JOIN_RESULT=FAILED node=consul-" + naive.substring(2) + " at=\\S+ reason=no leader; 1 LAN members"), failed);
        ClusterView cluster = view();
        assertEquals(Set.copyOf(old), Set.copyOf(cluster.voters()));
        assertTrue(cluster.healthy(), "the naive server never got into the old cluster's raft: " + cluster);
        for (String id : old) {
            assertTrue(cluster.partitioned(naive, id));
        }
        assertTrue(cluster.partitions().contains(new ClusterView.Partition(naive, old.get(0), "gossip",
                "encrypted gossip reached a server without a gossip key")), cluster.partitions().toString());
        assertTrue(cluster.partitions().contains(new ClusterView.Partition(old.get(0), naive, "rpc",
                "plaintext RPC refused: verify_incoming is on")), cluster.partitions().toString());
        assertEquals(1, aws.consul().server(naive).orElseThrow().lanMembers());
    }

    @Test
    void aServerWhoseSecretsHoldAnotherGossipKeyNeverJoinsTheLanPool() {
        clusterSecrets();
        List<String> cluster = launchSecure(3, 3);
        run(Duration.ofMinutes(2));
        String c = spec.clusterName();
        secrets.put("consul-cluster-factory/" + c + "/client-other-key", SecurityFixtures.clientSecret(SecurityFixtures.gossipKey("theirs"), "our-ca"));
        String stranger = launchSecure(1, SecurityFixtures.assignments(3, "consul-cluster-factory/" + c + "/client-other-key",
                "consul-cluster-factory/" + c + "/server")).get(0);

        run(Duration.ofMinutes(12));

        assertTrue(joinResult(stranger).endsWith(" reason=no leader; 1 LAN members"), joinResult(stranger));
        assertEquals(Set.copyOf(cluster), Set.copyOf(view().voters()));
        assertTrue(view().partitions().contains(new ClusterView.Partition(cluster.get(0), stranger, "gossip",
                "No installed keys could decrypt the message")), view().partitions().toString());
        assertFalse(view().partitions().stream().anyMatch(p -> p.layer().equals("rpc")), "the same CA: RPC would work");
        assertFalse(view().security().get(stranger).gossipKeyFingerprint().equals(view().security().get(cluster.get(0)).gossipKeyFingerprint()));
    }

    @Test
    void aServerWhoseSecretsHoldAnotherCaGossipsButRaftRefusesIt() {
        clusterSecrets();
        List<String> cluster = launchSecure(3, 3);
        run(Duration.ofMinutes(2));
        String leader = view().leaderInstanceId();
        secrets.cluster("consul-elsewhere", SecurityFixtures.gossipKey("ours"), "their-ca"); // our key, another CA
        // Its boot reads another cluster's secrets (as if its template named them): its certificate is their CA's.
        String stranger = launchSecure(1, SecurityFixtures.assignments(3, "consul-elsewhere")).get(0);

        run(Duration.ofMinutes(12), v -> assertEquals(leader, v.leaderInstanceId(), "the cluster keeps its leader"));

        ClusterView view = view();
        assertTrue(joinResult(stranger).endsWith(" reason=no leader; 4 LAN members"), "it gossips: " + joinResult(stranger));
        assertEquals(Set.copyOf(cluster), Set.copyOf(view.voters()), "never promoted");
        assertEquals(List.of(stranger), view.nonVoters(), "added on serf's member event, never reached by raft");
        assertFalse(view.healthy(), "autopilot: the unreachable non-voter is unhealthy");
        assertTrue(view.partitions().contains(new ClusterView.Partition(cluster.get(0), stranger, "rpc",
                "x509: certificate signed by unknown authority")), view.partitions().toString());
        assertFalse(view.partitions().stream().anyMatch(p -> p.layer().equals("gossip")), "the same key: gossip works");
    }

    @Test
    void aServerWhoseSecretIsMissingNeverStartsConsulAndSaysWhy() {
        List<String> servers = launchSecure(1, 3); // no secrets at all

        run(Duration.ofMinutes(2)); // boot.sh stops at once: no waiting for its 10-minute bound

        String id = servers.get(0);
        String failed = joinResult(id);
        assertTrue(failed.endsWith(" reason=could not read the cluster's secrets: ResourceNotFoundException: Secrets Manager can't find"
                + " the specified secret. (consul-cluster-factory/" + spec.clusterName() + "/client)"), failed);
        assertEquals(List.of("consul-boot: FAILED: could not read the cluster's secrets: ResourceNotFoundException: Secrets Manager can't"
                + " find the specified secret. (consul-cluster-factory/" + spec.clusterName() + "/client)"), lines(id, "consul-boot:"));
        assertEquals("not-running", aws.consul().server(id).orElseThrow().status());
        assertTrue(runningSince(id).plusSeconds(5).equals(at(failed)), "at once, no waiting for the bound");

        secrets.put("consul-cluster-factory/" + spec.clusterName() + "/client", "not json");
        String malformed = launchSecure(1, 3).get(0);
        run(Duration.ofMinutes(2));
        assertTrue(joinResult(malformed).endsWith(" reason=could not read the cluster's secrets: consul-cluster-factory/"
                + spec.clusterName() + "/client is not a JSON object"), joinResult(malformed));
    }
}

