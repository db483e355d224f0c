package io.consulfactory.local.teardown;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.LocalWorkflow;
import io.consulfactory.local.cloud.Call;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.Network;
import io.consulfactory.local.consul.ClusterView;
import io.consulfactory.local.statemachine.LocalStateMachine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The teardown state machine (statemachine/consul-teardown.asl.json) against clusters the deploy workflow made:
 * it removes everything of the one cluster and nothing of another, refuses before any change, and a run that
 * stops anywhere is finished by the next one.
 */
@ExtendWith(LocalAwsExtension.class)
class TeardownTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalStateMachine.Listener QUIET = (s, t, l, r, o) -> { };

    private static void deploy(LocalAws aws, String... clusters) throws IOException {
        Network network = aws.ec2().seedDefaultNetwork();
        LocalWorkflow workflow = new LocalWorkflow(aws, LocalWorkflow.definitionFile(),
                LocalWorkflow.stackDefaults(network.vpcId(), network.subnetIds()));
        for (String cluster : clusters) {
            LocalStateMachine.Result result = workflow.run("deploy-" + cluster, JSON.readTree("{\"clusterName\":\"" + cluster + "\"}"), QUIET);
            assertEquals("SUCCEEDED", result.status(), cluster + ": " + result.error() + ": " + result.cause());
        }
    }

    private static LocalStateMachine.Result teardown(LocalWorkflow workflow, String execution, String input) {
        try {
            return workflow.run(execution, JSON.readTree(input), QUIET);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String input(String cluster) {
        return "{\"clusterName\":\"" + cluster + "\",\"confirm\":\"" + cluster + "\",\"skipFinalSnapshot\":true}";
    }

    /** Everything of the cluster that AWS still holds, by kind; a kind with nothing left is left out. */
    static Map<String, List<String>> leftOf(LocalAws aws, String cluster) {
        Map<String, List<String>> left = new TreeMap<>();
        String name = "consul-" + cluster;
        put(left, "autoScalingGroups", AwsClients.autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(name))
                .autoScalingGroups().stream().map(g -> g.autoScalingGroupName()).toList());
        put(left, "launchTemplates", AwsClients.ec2().describeLaunchTemplates(r -> r.filters(f -> f.name("launch-template-name")
                .values(name))).launchTemplates().stream().map(t -> t.launchTemplateId()).toList());
        put(left, "images", AwsClients.ec2().describeImages(r -> r.owners("self").filters(f -> f.name("tag:consul-cluster")
                .values(cluster))).images().stream().map(i -> i.imageId()).toList());
        put(left, "snapshots", AwsClients.ec2().describeSnapshots(r -> r.ownerIds("self").filters(f -> f.name("tag:consul-cluster")
                .values(cluster))).snapshots().stream().map(s -> s.snapshotId()).toList());
        put(left, "instances", aws.ec2().instances().stream().filter(i -> cluster.equals(i.tags().get("consul-cluster"))
                && !i.state().equals("terminated") && !i.state().equals("shutting-down")).map(i -> i.instanceId() + " " + i.state()).toList());
        put(left, "securityGroups", AwsClients.ec2().describeSecurityGroups(r -> r.filters(f -> f.name("group-name")
                .values(name, name + "-clients"))).securityGroups().stream().map(g -> g.groupId()).toList());
        List<String> iam = new ArrayList<>();
        try {
            iam.add(AwsClients.iam().getRole(r -> r.roleName(name + "-node")).role().arn());
        } catch (NoSuchEntityException e) {
            // gone
        }
        try {
            iam.add(AwsClients.iam().getInstanceProfile(r -> r.instanceProfileName(name + "-node")).instanceProfile().arn());
        } catch (NoSuchEntityException e) {
            // gone
        }
        try {
            iam.add(AwsClients.iam().getPolicy(r -> r.policyArn("arn:aws:iam::" + LocalAws.ACCOUNT_ID
                    + ":policy/consul-cluster-factory/" + name + "-client")).policy().arn());
        } catch (NoSuchEntityException e) {
            // gone
        }
        put(left, "iam", iam);
        put(left, "parameters", aws.ssm().has("/consul-cluster-factory/clusters/" + cluster)
                ? List.of("/consul-cluster-factory/clusters/" + cluster) : List.of());
        List<String> secrets = new ArrayList<>();
        for (String kind : List.of("client", "server", "ca-key")) {
            try {
                DescribeSecretResponse s = AwsClients.secretsManager().describeSecret(r -> r.secretId("consul-cluster-factory/" + cluster + "/" + kind));
                if (s.deletedDate() == null) {
                    secrets.add(s.name());
                }
            } catch (software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException e) {
                // gone
            }
        }
        put(left, "secrets", secrets);
        return left;
    }

    private static void put(Map<String, List<String>> left, String kind, List<String> ids) {
        if (!ids.isEmpty()) {
            left.put(kind, ids);
        }
    }

    private static void assertHealthy(LocalAws aws, String cluster) {
        ClusterView view = aws.consul().cluster(cluster);
        assertTrue(view.hasLeader(), cluster + " has a leader");
        assertEquals(3, view.voters().size(), cluster + "'s voters: " + view.voters());
        assertEquals(3, AwsClients.autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames("consul-" + cluster))
                .autoScalingGroups().get(0).instances().stream().filter(i -> i.lifecycleStateAsString().equals("InService")).count());
    }

    @Test
    void aTeardownWithoutTheMatchingConfirmChangesNothing(LocalAws aws) throws Exception {
        deploy(aws, "dc1");
        LocalWorkflow teardown = LocalWorkflow.teardown(aws);
        int before = aws.calls().size();

        for (String bad : List.of("{\"clusterName\":\"dc1\",\"confirm\":\"dc2\"}", "{\"clusterName\":\"dc1\"}",
                "{\"clusterName\":\"dc1\",\"confirm\":\"dc1\",\"force\":true}",
                "{\"clusterName\":\"dc1\",\"confirm\":\"dc1\",\"secretRecoveryDays\":3}",
                "{\"clusterName\":\"dc1\",\"confirm\":\"dc1\",\"skipFinalSnapshot\":\"yes\"}", "[]")) {
            LocalStateMachine.Result result = teardown(teardown, "refused-" + Math.abs(bad.hashCode()), bad);
            assertEquals("FAILED", result.status(), bad);
            assertEquals("io.consulfactory.teardown.InvalidTeardownException", result.error(), bad);
            assertTrue(result.cause().contains("nothing was changed"), result.cause());
        }
        LocalStateMachine.Result mismatch = teardown(teardown, "mismatch", "{\"clusterName\":\"dc1\",\"confirm\":\"dc2\"}");
        assertTrue(mismatch.cause().contains("confirm: must equal clusterName ('dc1')"), mismatch.cause());
        LocalStateMachine.Result unknown = teardown(teardown, "unknown", "{\"clusterName\":\"dc1\",\"confirm\":\"dc1\",\"force\":true}");
        assertTrue(unknown.cause().contains("force: unknown field; known fields are [clusterName, confirm, skipFinalSnapshot, secretRecoveryDays]"),
                unknown.cause());

        assertEquals(List.of(), aws.calls().since(before).stream().map(Call::iamAction).toList(), "not even a look at AWS");
        assertHealthy(aws, "dc1");
    }

    @Test
    void aTeardownRemovesEverythingOfTheClusterAndSaysWhat(LocalAws aws) throws Exception {
        deploy(aws, "dc1");
        assertFalse(leftOf(aws, "dc1").isEmpty());

        LocalStateMachine.Result result = teardown(LocalWorkflow.teardown(aws), "teardown", input("dc1"));

        assertEquals("SUCCEEDED", result.status(), result.error() + ": " + result.cause());
        assertEquals(Map.of(), leftOf(aws, "dc1"), "nothing of dc1 is left");
        JsonNode removed = result.output().get("removed");
        assertEquals(List.of("consul-dc1"), strings(removed.get("autoScalingGroups")));
        assertEquals(List.of("consul-dc1/consul-join"), strings(removed.get("lifecycleHooks")));
        assertEquals(1, removed.get("launchTemplates").size());
        assertEquals(1, removed.get("images").size());
        assertEquals(strings(removed.get("images")).size(), removed.get("snapshots").size());
        assertEquals(2, removed.get("securityGroups").size());
        assertEquals(1, removed.get("instanceProfiles").size());
        assertEquals(1, removed.get("roles").size());
        assertEquals(1, removed.get("policies").size());
        assertEquals(List.of("/consul-cluster-factory/clusters/dc1"), strings(removed.get("parameters")));
        assertEquals(3, removed.get("secrets").size());
        assertEquals("skipFinalSnapshot is true", result.output().get("snapshotSkipped").asText());
        result.output().get("alreadyGone").forEach(ids -> assertEquals(0, ids.size(), "nothing was gone before: " + result.output()));
        for (String secret : List.of("client", "server", "ca-key")) {
            DescribeSecretResponse s = AwsClients.secretsManager().describeSecret(r -> r.secretId("consul-cluster-factory/dc1/" + secret));
            assertEquals(java.time.Duration.ofDays(30), java.time.Duration.between(aws.clock().now(), s.deletedDate()).plusMinutes(30)
                    .truncatedTo(java.time.temporal.ChronoUnit.DAYS), "restorable for the default 30 days");
        }

        LocalStateMachine.Result again = teardown(LocalWorkflow.teardown(aws), "again", input("dc1"));
        assertEquals("SUCCEEDED", again.status(), again.error() + ": " + again.cause());
        again.output().get("removed").forEach(ids -> assertEquals(0, ids.size(), "a second run removes nothing: " + again.output()));
        JsonNode gone = again.output().get("alreadyGone");
        assertEquals(List.of("consul-dc1"), strings(gone.get("autoScalingGroups")));
        assertEquals(List.of("/consul-cluster-factory/clusters/dc1"), strings(gone.get("parameters")));
        assertEquals(3, gone.get("secrets").size(), "scheduled for deletion counts as gone");
        assertEquals(2, gone.get("securityGroups").size());
    }

    @Test
    void tearingDownOneClusterLeavesTheOtherWholeAndHealthy(LocalAws aws) throws Exception {
        deploy(aws, "blue", "green");
        Map<String, List<String>> green = leftOf(aws, "green");
        int before = aws.calls().size();

        LocalStateMachine.Result result = teardown(LocalWorkflow.teardown(aws), "blue", input("blue"));

        assertEquals("SUCCEEDED", result.status(), result.error() + ": " + result.cause());
        assertEquals(Map.of(), leftOf(aws, "blue"));
        assertEquals(green, leftOf(aws, "green"), "every resource of green is still there");
        assertHealthy(aws, "green");
        assertEquals(Map.of(), aws.ssm().tags("/consul-cluster-factory/clusters/green"), "green is not marked");
        for (Call call : aws.calls().since(before).stream().filter(Call::mutates).toList()) {
            assertFalse(call.params().toString().contains("green"), "a change that names green: " + call.iamAction() + " " + call.params());
        }
        aws.clock().advance(java.time.Duration.ofMinutes(10));
        assertHealthy(aws, "green");
    }

    static List<String> teardownFunctions() {
        return LocalWorkflow.teardownFunctionNames();
    }

    /**
     * The function does its work, then times out, on every attempt the state machine makes: the execution fails at
     * that step, and the next teardown finishes the job.
     */
    @ParameterizedTest(name = "{0} crashes after its work; the next run finishes")
    @MethodSource("teardownFunctions")
    void aTeardownThatStopsAtAnyStepIsFinishedByTheNext(String function, LocalAws aws) throws Exception {
        deploy(aws, "dc1");
        LocalWorkflow teardown = LocalWorkflow.teardown(aws);
        teardown.crashAfterWork(function, 3);
        // The final snapshot's functions run only when the snapshot is taken.
        String input = function.contains("Snapshot") ? "{\"clusterName\":\"dc1\",\"confirm\":\"dc1\"}" : input("dc1");

        LocalStateMachine.Result crashed = teardown(teardown, "crashed", input);
        assertEquals("FAILED", crashed.status());
        assertEquals("Lambda.Unknown", crashed.error(), crashed.cause());
        if (aws.ssm().has("/consul-cluster-factory/clusters/dc1")) {
            assertEquals(Map.of("teardown", "in-progress"), aws.ssm().tags("/consul-cluster-factory/clusters/dc1"),
                    "the record stays marked: no rebake starts meanwhile");
        }

        LocalStateMachine.Result resumed = teardown(teardown, "resumed", input("dc1"));
        assertEquals("SUCCEEDED", resumed.status(), resumed.error() + ": " + resumed.cause());
        assertEquals(Map.of(), leftOf(aws, "dc1"));
    }

    @Test
    void aStepRetriedAfterItsWorkIsDoneFinishesInOneRun(LocalAws aws) throws Exception {
        deploy(aws, "dc1");
        LocalWorkflow teardown = LocalWorkflow.teardown(aws);
        for (String function : LocalWorkflow.teardownFunctionNames()) {
            teardown.crashAfterWork(function, 1);
        }

        LocalStateMachine.Result result = teardown(teardown, "retried", input("dc1"));

        assertEquals("SUCCEEDED", result.status(), result.error() + ": " + result.cause());
        assertEquals(Map.of(), leftOf(aws, "dc1"));
        assertEquals(3, result.output().at("/removed/secrets").size() + result.output().at("/alreadyGone/secrets").size());
    }

    @Test
    void aSameNamedResourceThatIsNotTheFactorysIsLeftAloneAndReported(LocalAws aws) throws Exception {
        deploy(aws, "dc1");
        String otherVpc = AwsClients.ec2().createVpc(r -> r.cidrBlock("10.9.0.0/16")).vpc().vpcId();
        String strangerGroup = AwsClients.ec2().createSecurityGroup(r -> r.groupName("consul-dc1").vpcId(otherVpc)
                .description("someone else's")).groupId();
        AwsClients.iam().createRole(r -> r.roleName("consul-lonely-node").path("/")
                .assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                        + "{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"));
        Map<String, List<String>> dc1 = leftOf(aws, "dc1");
        int before = aws.calls().size();

        LocalStateMachine.Result result = teardown(LocalWorkflow.teardown(aws), "stranger", input("dc1"));

        assertEquals("FAILED", result.status());
        assertEquals("io.consulfactory.teardown.ForeignResourceException", result.error());
        assertTrue(result.cause().contains("security group 'consul-dc1' (" + strangerGroup + " in " + otherVpc + ") is not the factory's"),
                result.cause());
        assertEquals(List.of(), aws.calls().since(before).stream().filter(Call::mutates).map(Call::iamAction).toList(),
                "nothing was changed");
        assertEquals(dc1, leftOf(aws, "dc1"));
        assertHealthy(aws, "dc1");

        LocalStateMachine.Result lonely = teardown(LocalWorkflow.teardown(aws), "lonely", input("lonely"));
        assertEquals("io.consulfactory.teardown.ForeignResourceException", lonely.error());
        assertTrue(lonely.cause().contains("IAM role 'consul-lonely-node' is under path '/'"), lonely.cause());
        assertNotNull(AwsClients.iam().getRole(r -> r.roleName("consul-lonely-node")).role());

        // Once the stranger is gone, the teardown goes through.
        AwsClients.ec2().deleteSecurityGroup(r -> r.groupId(strangerGroup));
        assertEquals("SUCCEEDED", teardown(LocalWorkflow.teardown(aws), "after", input("dc1")).status());
        assertEquals(Map.of(), leftOf(aws, "dc1"));
    }

    @Test
    void aBuilderLeftByABakeIsTerminatedAndItsSecurityGroupWaitsForIt(LocalAws aws) throws Exception {
        deploy(aws, "dc1");
        String image = AwsClients.ec2().describeImages(r -> r.owners("self")).images().get(0).imageId();
        String subnet = AwsClients.ec2().describeSubnets().subnets().get(0).subnetId();
        String builder = AwsClients.ec2().runInstances(r -> r.imageId(image).instanceType("t3.small").minCount(1).maxCount(1).subnetId(subnet)
                .securityGroupIds(AwsClients.ec2().describeSecurityGroups(q -> q.groupNames("consul-dc1")).securityGroups().get(0).groupId())
                .tagSpecifications(t -> t.resourceType("instance").tags(
                        tag -> tag.key("consul-cluster").value("dc1"), tag -> tag.key("managed-by").value("consul-cluster-factory"),
                        tag -> tag.key("role").value("builder")))).instances().get(0).instanceId();

        LocalStateMachine.Result result = teardown(LocalWorkflow.teardown(aws), "teardown", input("dc1"));

        assertEquals("SUCCEEDED", result.status(), result.error() + ": " + result.cause());
        assertEquals(List.of(builder), strings(result.output().at("/removed/builderInstances")));
        assertFalse(aws.calls().of("ec2", "DeleteSecurityGroup").stream().filter(c -> "DependencyViolation".equals(c.errorCode()))
                .toList().isEmpty(), "EC2 refused the group while the builder was shutting down; the teardown waited");
        assertEquals(Map.of(), leftOf(aws, "dc1"));
    }

    /** With servers in service and no skipFinalSnapshot, the final snapshot comes first, with the cluster's data. */
    @Test
    void aClusterWithServersGetsItsFinalSnapshotBeforeAnythingIsRemoved(LocalAws aws) throws Exception {
        deploy(aws, "dc1");
        aws.consul().kvPut("dc1", "marker", "in the final snapshot");
        List<String> states = new java.util.concurrent.CopyOnWriteArrayList<>();

        LocalStateMachine.Result result = LocalWorkflow.teardown(aws).run("snapshot",
                JSON.readTree("{\"clusterName\":\"dc1\",\"confirm\":\"dc1\"}"), (s, t, l, r, o) -> states.add(s));

        assertEquals("SUCCEEDED", result.status(), result.error() + ": " + result.cause());
        assertTrue(states.indexOf("RequestSnapshot") >= 0 && states.lastIndexOf("CheckSnapshot") < states.indexOf("RemoveServerGroup"),
                "the snapshot is READY before the servers go: " + states);
        assertEquals(Map.of(), leftOf(aws, "dc1"));
        String key = result.output().toString().replaceAll(".*\"(dc1/[0-9TZ]+-\\d+\\.snap)\".*", "$1");
        assertTrue(key.startsWith("dc1/"), "the output names the final snapshot: " + result.output());
        String object = new String(aws.s3().getObject(LocalWorkflow.SNAPSHOT_BUCKET, key).orElseThrow(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(object.contains("in the final snapshot"), "the cluster's data outlives it: " + object);
    }

    /** Nothing to snapshot (no group: its bake failed): the snapshot states are skipped, the rest is removed. */
    @Test
    void aClusterWithoutServersIsRemovedWithoutASnapshot(LocalAws aws) throws Exception {
        Network network = aws.ec2().seedDefaultNetwork();
        aws.ec2().bakeOutcome(io.consulfactory.local.cloud.ec2.BakeOutcome.fail("checksum mismatch"));
        assertEquals("FAILED", new LocalWorkflow(aws, LocalWorkflow.definitionFile(),
                LocalWorkflow.stackDefaults(network.vpcId(), network.subnetIds()))
                .run("half", JSON.readTree("{\"clusterName\":\"half\"}"), QUIET).status());
        assertFalse(leftOf(aws, "half").isEmpty(), "the failed deploy kept its groups, role and secrets");
        List<String> states = new java.util.concurrent.CopyOnWriteArrayList<>();

        LocalStateMachine.Result result = LocalWorkflow.teardown(aws).run("half",
                JSON.readTree("{\"clusterName\":\"half\",\"confirm\":\"half\",\"secretRecoveryDays\":7}"), (s, t, l, r, o) -> states.add(s));

        assertEquals("SUCCEEDED", result.status(), result.error() + ": " + result.cause());
        assertFalse(states.contains("RequestSnapshot"), states.toString());
        assertEquals("the cluster has no Auto Scaling group", result.output().get("snapshotSkipped").asText());
        assertEquals(Map.of(), leftOf(aws, "half"));
        assertEquals(List.of("consul-half"), strings(result.output().at("/alreadyGone/autoScalingGroups")));
        DescribeSecretResponse secret = AwsClients.secretsManager().describeSecret(r -> r.secretId("consul-cluster-factory/half/client"));
        assertEquals(7, java.time.Duration.between(aws.clock().now(), secret.deletedDate()).plusMinutes(30).toDays());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
