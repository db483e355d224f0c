package io.consulfactory.local.consul;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.launch.PublishLaunchTemplate;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.StepByStep;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.Network;
import io.consulfactory.resources.SupportingResources;
import io.consulfactory.spec.ClusterSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15's snapshots in the Consul model: servers whose boot user data names a {@code SNAPSHOT_BUCKET}; the leader
 * saves hourly and on the {@code consul-snapshot-request} tag, uploads to the local S3 under the cluster's prefix,
 * and restores on {@code consul-restore-request}, each answered with the contract's console lines. Read back as the
 * product would: GetConsoleOutput, and the object through the SDK's S3 client.
 */
@ExtendWith(LocalAwsExtension.class)
class SnapshotModelTest {

    private static final String BUCKET = "consul-cluster-factory-snapshots-123456789012-us-east-1";
    private static final Pattern SAVED = Pattern.compile("CONSUL_SNAPSHOT request=(\\S+) key=(\\S+) index=(\\d+) at=(\\S+)");

    private final Ec2Client ec2 = AwsClients.ec2();
    private final S3Client s3 = AwsClients.s3();
    private final SecurityFixtures.Secrets secrets = new SecurityFixtures.Secrets();
    private LocalAws aws;
    private Network network;
    private ClusterSpec spec;
    private SupportingResources resources;
    private String imageId;
    private int launched;

    @BeforeEach
    void bake(LocalAws aws) {
        this.aws = aws;
        this.network = aws.ec2().seedDefaultNetwork();
        StepByStep steps = new StepByStep(aws, network);
        this.spec = steps.spec("");
        this.resources = steps.resources(spec);
        this.imageId = steps.bake(spec, resources, "bake").imageId();
    }

    @AfterEach
    void rewireSecrets() {
        aws.consul().secrets(aws.secretsManager()::currentSecretString);
    }

    // ---- arrange and act

    private String bootScript(String assignments) {
        return SecurityFixtures.withSecurity(ConsulModelTest.earlierBoot(spec), assignments + "SNAPSHOT_BUCKET='" + BUCKET + "'\n");
    }

    private List<String> launch(int count) {
        return launch(count, bootScript(""));
    }

    private List<String> launch(int count, String userData) {
        String encoded = Base64.getEncoder().encodeToString(userData.getBytes(StandardCharsets.UTF_8));
        Map<String, String> tags = new LinkedHashMap<>(PublishLaunchTemplate.serverTags(spec));
        tags.put(ConsulModel.SERVER_COUNT_TAG, "3");
        List<Tag> ec2Tags = tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
        List<String> ids = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            String subnet = network.subnetIds().get((launched++) % network.subnetIds().size());
            ids.add(ec2.runInstances(r -> r.imageId(imageId).instanceType("t3.small").minCount(1).maxCount(1).subnetId(subnet)
                    .securityGroupIds(resources.securityGroupId()).userData(encoded).instanceInitiatedShutdownBehavior("terminate")
                    .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE).tags(ec2Tags))).instances().get(0).instanceId());
        }
        return ids;
    }

    /** What the functions do: the tag on every server of the cluster (ec2:CreateTags). */
    private void tag(List<String> servers, String key, String value) {
        ec2.createTags(r -> r.resources(servers).tags(Tag.builder().key(key).value(value).build()));
    }

    private void run(Duration duration) {
        for (Duration d = Duration.ZERO; d.compareTo(duration) < 0; d = d.plusSeconds(5)) {
            aws.clock().advance(Duration.ofSeconds(5));
            aws.consul().cluster(spec.clusterName());
        }
    }

    private List<String> lines(String instanceId, String prefix) {
        String output = ec2.getConsoleOutput(r -> r.instanceId(instanceId).latest(true)).output();
        List<String> all = output == null ? List.of()
                : Arrays.asList(new String(Base64.getDecoder().decode(output), StandardCharsets.UTF_8).split("\r\n"));
        return all.stream().filter(l -> l.startsWith(prefix)).toList();
    }

    private String leader() {
        return aws.consul().cluster(spec.clusterName()).leaderInstanceId();
    }

    private List<String> followers(List<String> servers) {
        return servers.stream().filter(s -> !s.equals(leader())).toList();
    }

    private static Matcher saved(String line) {
        Matcher m = SAVED.matcher(line);
        assertTrue(m.matches(), line);
        return m;
    }

    private JsonNode object(String key) throws Exception {
        return new ObjectMapper().readTree(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asByteArray());
    }

    // ---- the tests

    @Test
    void theLeaderAloneSavesASnapshotAtItsFirstTickAsLeaderThenEveryHour() throws Exception {
        aws.s3().createBucket(BUCKET);
        List<String> servers = launch(3);
        run(Duration.ofMinutes(2));
        String leader = leader();
        aws.consul().kvPut(spec.clusterName(), "marker", "hourly");

        run(Duration.ofMinutes(125));

        List<String> all = lines(leader, "CONSUL_SNAPSHOT ");
        assertEquals(3, all.size(), "one at once, then one an hour for two hours: " + all);
        Instant first = Instant.parse(saved(all.get(0)).group(4));
        Instant second = Instant.parse(saved(all.get(1)).group(4));
        Instant third = Instant.parse(saved(all.get(2)).group(4));
        assertTrue(Duration.between(aws.clock().now().minus(Duration.ofMinutes(127)), first).toMinutes() < 2,
                "the first as soon as the leader reports: " + first);
        assertEquals(Duration.ofHours(1), Duration.between(first, second));
        assertEquals(Duration.ofHours(1), Duration.between(second, third));
        List<String> hourly = all.subList(1, 3); // the first was saved before the marker was written
        for (String line : hourly) {
            Matcher m = saved(line);
            assertEquals("hourly", m.group(1));
            String stamp = m.group(4).replace("-", "").replace(":", "");
            assertEquals(spec.clusterName() + "/" + stamp + "-" + m.group(3) + ".snap", m.group(2), "the contract's key");
            assertEquals("hourly", object(m.group(2)).get("kv").get("marker").asText());
        }
        for (String follower : followers(servers)) {
            assertEquals(List.of(), lines(follower, "CONSUL_SNAPSHOT"), "only the leader saves");
        }
        assertEquals(3, aws.s3().listKeys(BUCKET, spec.clusterName() + "/").size());
    }

    @Test
    void aSnapshotRequestIsAnsweredOnceByTheLeaderAtItsNextStatusTick() throws Exception {
        aws.s3().createBucket(BUCKET);
        List<String> servers = launch(3);
        run(Duration.ofMinutes(2));
        aws.consul().kvPut(spec.clusterName(), "marker", "requested");
        String leader = leader();
        Instant asked = aws.clock().now();

        tag(servers, ConsulModel.SNAPSHOT_REQUEST_TAG, "req-0001");
        run(Duration.ofMinutes(3));

        List<String> answers = lines(leader, "CONSUL_SNAPSHOT request=req-0001 ");
        assertEquals(1, answers.size(), "answered once, though the tag stays: " + answers);
        Matcher m = saved(answers.get(0));
        assertTrue(!Instant.parse(m.group(4)).isAfter(asked.plusSeconds(30)), "at the next 30 s tick: " + answers);
        JsonNode snapshot = object(m.group(2));
        assertEquals("requested", snapshot.get("kv").get("marker").asText());
        assertEquals(Long.parseLong(m.group(3)), snapshot.get("index").asLong());
        followers(servers).forEach(f -> assertEquals(List.of(), lines(f, "CONSUL_SNAPSHOT")));

        tag(servers, ConsulModel.SNAPSHOT_REQUEST_TAG, "req-0002");
        run(Duration.ofMinutes(1));
        assertEquals(1, lines(leader, "CONSUL_SNAPSHOT request=req-0002 ").size(), "a new id, a new snapshot");
        assertEquals(1, lines(leader, "CONSUL_SNAPSHOT request=req-0001 ").size());
    }

    @Test
    void aClusterLostWholeIsRestoredFromItsLatestSnapshotIntoANewCluster() {
        aws.s3().createBucket(BUCKET);
        List<String> first = launch(3);
        run(Duration.ofMinutes(2));
        aws.consul().kvPut(spec.clusterName(), "marker", "before-the-loss");
        aws.consul().kvPut(spec.clusterName(), "config/limit", "42");
        tag(first, ConsulModel.SNAPSHOT_REQUEST_TAG, "final-1");
        run(Duration.ofMinutes(1));
        String key = saved(lines(leader(), "CONSUL_SNAPSHOT request=final-1 ").get(0)).group(2);
        List<String> keys = aws.s3().listKeys(BUCKET, spec.clusterName() + "/");
        assertEquals(key, keys.get(keys.size() - 1), "the latest key sorts last");

        ec2.terminateInstances(r -> r.instanceIds(first));
        run(Duration.ofMinutes(2));
        List<String> second = launch(3);
        run(Duration.ofMinutes(3));
        assertEquals(Map.of(), aws.consul().cluster(spec.clusterName()).kv(), "a new, empty cluster");
        String newLeader = leader();
        assertTrue(second.contains(newLeader));

        tag(second, ConsulModel.RESTORE_REQUEST_TAG, key);
        run(Duration.ofMinutes(1));

        List<String> restored = lines(newLeader, "CONSUL_RESTORE ");
        assertEquals(1, restored.size(), restored.toString());
        assertTrue(restored.get(0).matches("CONSUL_RESTORE key=" + Pattern.quote(key) + " result=OK at=\\S+"), restored.get(0));
        assertEquals("before-the-loss", aws.consul().kvGet(spec.clusterName(), "marker").orElseThrow());
        assertEquals(Map.of("marker", "before-the-loss", "config/limit", "42"), aws.consul().cluster(spec.clusterName()).kv());
        followers(second).forEach(f -> assertEquals(List.of(), lines(f, "CONSUL_RESTORE")));
        aws.consul().crash(newLeader);
        run(Duration.ofMinutes(1));
        assertEquals("before-the-loss", aws.consul().kvGet(spec.clusterName(), "marker").orElseThrow(),
                "replicated: the next leader holds it too");
    }

    @Test
    void aRestoreOfAMissingKeyOrAnotherClustersKeyFailsAndSaysWhy() {
        aws.s3().createBucket(BUCKET);
        aws.s3().putObject(BUCKET, "another-cluster/20260105T090000Z-3.snap", "{}".getBytes(StandardCharsets.UTF_8));
        List<String> servers = launch(3);
        run(Duration.ofMinutes(2));
        aws.consul().kvPut(spec.clusterName(), "marker", "kept");
        String missing = spec.clusterName() + "/20260101T000000Z-1.snap";

        tag(servers, ConsulModel.RESTORE_REQUEST_TAG, missing);
        run(Duration.ofMinutes(1));
        tag(servers, ConsulModel.RESTORE_REQUEST_TAG, "another-cluster/20260105T090000Z-3.snap");
        run(Duration.ofMinutes(1));

        List<String> failed = lines(leader(), "CONSUL_RESTORE ");
        assertEquals(2, failed.size(), failed.toString());
        assertTrue(failed.get(0).matches("CONSUL_RESTORE key=" + Pattern.quote(missing) + " result=FAILED at=\\S+ reason=download of s3://"
                + BUCKET + "/" + Pattern.quote(missing) + " failed: NoSuchKey"), failed.get(0));
        assertTrue(failed.get(1).endsWith(" reason=the key is outside the cluster's prefix " + spec.clusterName() + "/"), failed.get(1));
        assertEquals("kept", aws.consul().kvGet(spec.clusterName(), "marker").orElseThrow(), "nothing restored");
    }

    @Test
    void withoutTheBucketOrWithoutALeaderASnapshotFailsAndSaysWhy() {
        List<String> servers = launch(3);
        run(Duration.ofMinutes(2));
        String leader = leader();

        tag(servers, ConsulModel.SNAPSHOT_REQUEST_TAG, "no-bucket");
        run(Duration.ofMinutes(1));
        List<String> failed = lines(leader, "CONSUL_SNAPSHOT request=no-bucket ");
        assertEquals(1, failed.size(), failed.toString());
        assertTrue(lines(leader, "CONSUL_SNAPSHOT request=hourly ").stream().allMatch(l -> l.contains("failed: NoSuchBucket")),
                "the leader's own first one failed the same way");
        assertTrue(failed.get(0).matches("CONSUL_SNAPSHOT request=no-bucket result=FAILED at=\\S+ reason=upload to s3://"
                + BUCKET + "/" + spec.clusterName() + "/\\d{8}T\\d{6}Z-\\d+\\.snap failed: NoSuchBucket"), failed.get(0));

        List<String> others = followers(servers);
        aws.consul().crash(leader);
        aws.consul().crash(others.get(0));
        run(Duration.ofSeconds(30));
        String survivor = others.get(1);
        tag(List.of(survivor), ConsulModel.SNAPSHOT_REQUEST_TAG, "no-leader");
        run(Duration.ofMinutes(1));
        List<String> lost = lines(survivor, "CONSUL_SNAPSHOT ");
        assertEquals(1, lost.size(), lost.toString());
        assertTrue(lost.get(0).matches("CONSUL_SNAPSHOT request=no-leader result=FAILED at=\\S+ reason=No cluster leader"), lost.get(0));
    }

    @Test
    void aBootScriptWithoutASnapshotBucketKnowsNoSnapshots() {
        aws.s3().createBucket(BUCKET);
        List<String> servers = launch(3, ConsulModelTest.earlierBoot(spec));
        run(Duration.ofMinutes(2));
        tag(servers, ConsulModel.SNAPSHOT_REQUEST_TAG, "ignored");
        run(Duration.ofMinutes(62));
        servers.forEach(s -> assertEquals(List.of(), lines(s, "CONSUL_SNAPSHOT")));
        assertEquals(List.of(), aws.s3().listKeys(BUCKET, ""));
    }

    @Test
    void withAclsTheLeaderSavesWithTheSnapshotTokenOfTheServerSecret() throws Exception {
        aws.s3().createBucket(BUCKET);
        String cluster = spec.clusterName();
        secrets.cluster(cluster, SecurityFixtures.gossipKey("ours"), "our-ca");
        String server = secrets.byName.get("consul-cluster-factory/" + cluster + "/server");
        String snapshotToken = SecurityFixtures.token(cluster + "/snapshot");
        secrets.put("consul-cluster-factory/" + cluster + "/server",
                server.substring(0, server.lastIndexOf('}')) + ", \"snapshot_token\": \"" + snapshotToken + "\"}");
        aws.consul().secrets(secrets);
        List<String> servers = launch(3, bootScript(SecurityFixtures.assignments(3, cluster)));
        run(Duration.ofMinutes(3));
        assertEquals(5, aws.consul().cluster(cluster).aclTokens(), "the acl-bootstrap made the snapshot token too");

        tag(servers, ConsulModel.SNAPSHOT_REQUEST_TAG, "secure-1");
        run(Duration.ofMinutes(1));

        Matcher m = saved(lines(leader(), "CONSUL_SNAPSHOT request=secure-1 ").get(0));
        assertTrue(object(m.group(2)).get("acl_tokens").toString().contains(snapshotToken), "ACL state is in the snapshot");
        for (String id : servers) {
            assertFalse(lines(id, "").stream().anyMatch(l -> l.contains(snapshotToken)), "no token on the console");
        }
    }

    @Test
    void withAclsAServerSecretWithoutASnapshotTokenFailsTheSnapshot() {
        aws.s3().createBucket(BUCKET);
        secrets.cluster(spec.clusterName(), SecurityFixtures.gossipKey("ours"), "our-ca");
        aws.consul().secrets(secrets);
        List<String> servers = launch(3, bootScript(SecurityFixtures.assignments(3, spec.clusterName())));
        run(Duration.ofMinutes(3));

        tag(servers, ConsulModel.SNAPSHOT_REQUEST_TAG, "old-secret");
        run(Duration.ofMinutes(1));

        List<String> failed = lines(leader(), "CONSUL_SNAPSHOT request=old-secret ");
        assertEquals(1, failed.size(), failed.toString());
        assertTrue(failed.get(0).endsWith(" reason=the server secret has no snapshot_token"), failed.get(0));
    }
}
