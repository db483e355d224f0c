package io.consulfactory.local.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.LocalWorkflow;
import io.consulfactory.local.cloud.Call;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.Ec2Images;
import io.consulfactory.local.cloud.ec2.Network;
import io.consulfactory.local.statemachine.LocalStateMachine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The change plan and the checks against AWS, run through the whole workflow: what a running cluster could
 * not survive, and input AWS shows to be wrong, are refused before the execution makes anything.
 */
@ExtendWith(LocalAwsExtension.class)
class ChangePlanTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalAws aws;
    private Network network;
    private LocalWorkflow workflow;
    private final List<String> states = new ArrayList<>();

    @BeforeEach
    void seed(LocalAws aws) {
        this.aws = aws;
        this.network = aws.ec2().seedDefaultNetwork();
        this.workflow = new LocalWorkflow(aws, LocalWorkflow.definitionFile(),
                LocalWorkflow.stackDefaults(network.vpcId(), network.subnetIds()));
    }

    private LocalStateMachine.Result run(String name, String input) throws Exception {
        states.clear();
        return workflow.run(name, JSON.readTree(input), (state, type, local, real, outcome) -> states.add(state));
    }

    private LocalStateMachine.Result deployed() throws Exception {
        LocalStateMachine.Result first = run("first", "{}");
        assertEquals("SUCCEEDED", first.status(), first.cause());
        assertEquals("NEW", first.output().at("/changePlan/cluster").asText());
        return first;
    }

    private List<Call> changesSince(int before) {
        return aws.calls().since(before).stream().filter(Call::mutates).toList();
    }

    private String subnets(List<String> ids) {
        return ids.stream().map(s -> '"' + s + '"').collect(Collectors.joining(",", "[", "]"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "datacenter   | {\"datacenter\":\"dc2\"}                              | datacenter dc1 -> dc2: a server joins only the Raft peers of its own datacenter",
            "join tag     | {\"joinTag\":{\"key\":\"service\",\"value\":\"other\"}} | joinTag consul-cluster=consul-dc1 -> service=other: new servers would look for servers tagged",
            "downgrade    | {\"consulVersion\":\"1.19.2\"}                         | consulVersion 1.20.2 -> 1.19.2: Consul promises compatibility going forward, not back"})
    void aChangeTheRunningClusterCannotSurviveIsRefusedAndChangesNothing(String what, String input, String reason) throws Exception {
        deployed();
        int before = aws.calls().size();

        LocalStateMachine.Result result = run("change", input);

        assertEquals("FAILED", result.status());
        assertEquals("io.consulfactory.plan.ChangeRefusedException", result.error());
        assertTrue(result.cause().contains(reason), result.cause());
        assertTrue(result.cause().contains("deploy a new cluster") || result.cause().contains("restore a snapshot"),
                "the refusal says how to get there: " + result.cause());
        assertEquals(List.of(), changesSince(before), "a refused change makes no AWS change at all");
        assertTrue(states.contains("PlanChange") && !states.contains("EnsureSupportingResources"), states.toString());
    }

    @Test
    void movingARunningClusterToOtherSubnetsOrAnotherVpcIsRefused() throws Exception {
        deployed();
        String otherVpc = aws.ec2().addVpc("10.1.0.0/16");
        List<String> otherSubnets = List.of(aws.ec2().addSubnet(otherVpc, "10.1.1.0/24", "us-east-1a"),
                aws.ec2().addSubnet(otherVpc, "10.1.2.0/24", "us-east-1b"), aws.ec2().addSubnet(otherVpc, "10.1.3.0/24", "us-east-1c"));
        String fourth = aws.ec2().addSubnet(network.vpcId(), "10.0.4.0/24", "us-east-1d");
        int before = aws.calls().size();

        LocalStateMachine.Result vpc = run("vpc", "{\"vpcId\":\"" + otherVpc + "\",\"subnetIds\":" + subnets(otherSubnets) + "}");
        List<String> more = new ArrayList<>(network.subnetIds());
        more.add(fourth);
        LocalStateMachine.Result added = run("added", "{\"subnetIds\":" + subnets(more) + "}");
        LocalStateMachine.Result dropped = run("dropped", "{\"subnetIds\":" + subnets(network.subnetIds().subList(0, 2)) + "}");
        List<Call> madeByRefusals = changesSince(before);
        LocalStateMachine.Result reordered = run("reordered", "{\"subnetIds\":" + subnets(List.of(network.subnetIds().get(2),
                network.subnetIds().get(0), network.subnetIds().get(1))) + "}");

        assertTrue(vpc.cause().contains("vpcId " + network.vpcId() + " -> " + otherVpc), vpc.cause());
        assertTrue(vpc.cause().contains("subnetIds"), vpc.cause());
        assertTrue(added.cause().contains("subnetIds") && added.cause().contains("Auto Scaling would move servers"), added.cause());
        assertTrue(dropped.cause().contains("subnetIds"), dropped.cause());
        assertEquals(List.of(), madeByRefusals, "three refusals, no AWS change");
        assertEquals("SUCCEEDED", reordered.status(), "the same subnets in another order are no move: " + reordered.cause());
        assertEquals(0, reordered.output().at("/changePlan/changes").size());
        assertTrue(aws.calls().of("autoscaling", "UpdateAutoScalingGroup").isEmpty(), "nor a group update for the order");
    }

    @Test
    void theRefusalsOfAMoveMakeNoChangeAndTheClusterRunsOn() throws Exception {
        deployed();
        String otherVpc = aws.ec2().addVpc("10.1.0.0/16");
        String otherSubnet = aws.ec2().addSubnet(otherVpc, "10.1.1.0/24", "us-east-1a");
        int before = aws.calls().size();

        LocalStateMachine.Result moved = run("moved", "{\"vpcId\":\"" + otherVpc + "\",\"subnetIds\":[\"" + otherSubnet + "\"],"
                + "\"allowSingleZone\":true}");

        assertEquals("FAILED", moved.status());
        assertEquals(List.of(), changesSince(before));
        assertEquals("SUCCEEDED", run("again", "{}").status(), "the service answers everything after a refusal");
    }

    @Test
    void thePlanOfARunningClusterSaysHowEachChangeIsMade() throws Exception {
        deployed();

        LocalStateMachine.Result result = run("changes", "{\"consulVersion\":\"1.21.0\",\"serverCount\":5,"
                + "\"apiAllowedCidrs\":[\"10.0.0.0/16\",\"192.168.0.0/24\"],\"instanceType\":\"t3.medium\"}");

        assertEquals("SUCCEEDED", result.status(), result.cause());
        JsonNode plan = result.output().get("changePlan");
        assertEquals("RUNNING", plan.get("cluster").asText());
        assertEquals("STEP", kind(plan, "serverCount"));
        assertEquals("ROLL", kind(plan, "consulVersion"));
        assertEquals("ROLL", kind(plan, "instanceType"));
        assertEquals("IN_PLACE", kind(plan, "apiAllowedCidrs"));
        assertEquals(5, aws.consul().cluster("consul-dc1").voters().size(), "and the plan was carried out");
    }

    private static String kind(JsonNode plan, String field) {
        for (JsonNode change : plan.get("changes")) {
            if (change.get("field").asText().equals(field)) {
                return change.get("kind").asText();
            }
        }
        return "none";
    }

    @Test
    void aJoinTagThatAnotherClustersInstancesCarryIsRefusedBeforeAnythingIsMade() throws Exception {
        String foreign = launch(network.subnetIds().get(0), java.util.Map.of("service", "consul-server", "consul-cluster", "payments"));
        String untagged = launch(network.subnetIds().get(1), java.util.Map.of("team", "search"));
        int before = aws.calls().size();

        LocalStateMachine.Result shared = run("shared", "{\"joinTag\":{\"key\":\"service\",\"value\":\"consul-server\"}}");
        LocalStateMachine.Result team = run("team", "{\"joinTag\":{\"key\":\"team\",\"value\":\"search\"}}");

        assertEquals("io.consulfactory.spec.InvalidSpecException", shared.error());
        assertTrue(shared.cause().contains("joinTag: service=consul-server is already carried by instance " + foreign
                + " of cluster payments") && shared.cause().contains("pick another joinTag"), shared.cause());
        assertTrue(team.cause().contains("instance " + untagged + " (of no cluster the factory made)"), team.cause());
        assertEquals(List.of(), changesSince(before), "refused before any role, policy or group is made");
        assertTrue(states.contains("PlanChange") && !states.contains("EnsureSupportingResources"), states.toString());
    }

    @Test
    void aJoinTagAnotherClustersRecordHoldsIsRefusedEvenWithNoInstanceRunning() throws Exception {
        // a cluster recorded but with no server running (all stopped and gone, or not launched yet)
        new io.consulfactory.cluster.ClusterRecord(io.consulfactory.aws.AwsClients.ssm()).save(io.consulfactory.spec.ClusterSpecParser.parse(
                "{\"clusterName\":\"payments\",\"vpcId\":\"" + network.vpcId() + "\",\"subnetIds\":" + subnets(network.subnetIds())
                        + ",\"joinTag\":{\"key\":\"team\",\"value\":\"core\"}}", null));
        int before = aws.calls().size();

        LocalStateMachine.Result result = run("second", "{\"joinTag\":{\"key\":\"team\",\"value\":\"core\"}}");

        assertEquals("io.consulfactory.spec.InvalidSpecException", result.error());
        assertTrue(result.cause().contains("joinTag: team=core is already the join tag of cluster payments (its record"
                + " /consul-cluster-factory/clusters/payments)"), result.cause());
        assertTrue(result.cause().contains("the default, consul-cluster=consul-dc1, is this cluster's own"), result.cause());
        assertEquals(List.of(), changesSince(before));
        assertEquals("SUCCEEDED", run("own", "{}").status(), "the default join tag is the cluster's own: no other holds it");
    }

    @Test
    void aClusterOnTheOldSharedJoinTagRollsToItsOwnBecauseItsServersAlreadyCarryIt() throws Exception {
        String old = "{\"joinTag\":{\"key\":\"service\",\"value\":\"consul-server\"}}";
        assertEquals("SUCCEEDED", run("old", old).status());
        int before = aws.calls().size();

        LocalStateMachine.Result moved = run("moved", "{}");

        assertEquals("SUCCEEDED", moved.status(), moved.cause());
        JsonNode change = moved.output().at("/changePlan/changes/0");
        assertEquals("joinTag", change.get("field").asText());
        assertEquals("ROLL", change.get("kind").asText());
        assertTrue(change.get("how").asText().contains("already carry consul-cluster=consul-dc1"), change.toString());
        assertEquals(1, aws.calls().since(before).stream().filter(c -> c.iamAction().equals("autoscaling:StartInstanceRefresh")
                && c.succeeded()).count(), "a new image, rolled out by one refresh");
        assertEquals(3, aws.consul().cluster("consul-dc1").voters().size(), "the servers that replaced the old ones joined them");
    }

    /** An instance someone else launched, with these tags. */
    private static String launch(String subnetId, java.util.Map<String, String> tags) {
        return io.consulfactory.aws.AwsClients.ec2().runInstances(r -> r.imageId(Ec2Images.UBUNTU_AMD64).instanceType("t3.micro")
                .subnetId(subnetId).minCount(1).maxCount(1).tagSpecifications(t -> t
                        .resourceType(software.amazon.awssdk.services.ec2.model.ResourceType.INSTANCE)
                        .tags(tags.entrySet().stream().map(e -> software.amazon.awssdk.services.ec2.model.Tag.builder()
                                .key(e.getKey()).value(e.getValue()).build()).toList()))).instances().get(0).instanceId();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "no such image       | {\"baseImage\":{\"imageId\":\"ami-0123456789abcdef0\"}}                          | baseImage.imageId: image ami-0123456789abcdef0 is not an available image",
            "no such parameter   | {\"baseImage\":{\"ssmParameter\":\"/aws/service/canonical/nothing/here\"}}     | baseImage.ssmParameter: SSM parameter /aws/service/canonical/nothing/here does not exist",
            "private parameter   | {\"baseImage\":{\"ssmParameter\":\"/my/images/consul\"}}                       | baseImage.ssmParameter: '/my/images/consul' is not one of AWS's public parameters",
            "arm image, x86 type | {\"baseImage\":{\"imageId\":\"" + Ec2Images.UBUNTU_ARM64 + "\"}}               | but instanceType t3.small needs x86_64",
            "x86 image, arm type | {\"baseImage\":{\"imageId\":\"" + Ec2Images.UBUNTU_AMD64 + "\"},\"instanceType\":\"m7g.large\"} | needs arm64"})
    void anImageAwsShowsWrongIsRefusedBeforeAnythingIsMade(String what, String input, String rule) throws Exception {
        LocalStateMachine.Result result = run("image", input);

        assertEquals("FAILED", result.status());
        assertEquals("io.consulfactory.spec.InvalidSpecException", result.error());
        assertTrue(result.cause().contains(rule), result.cause());
        assertEquals(List.of(), aws.calls().mutating(), "no role, profile or group left behind");
    }

    @Test
    void subnetsInOneZoneAreRefusedUnlessAllowedAndTwoZonesAreAWarning() throws Exception {
        String a = aws.ec2().addSubnet(network.vpcId(), "10.0.11.0/24", "us-east-1a");
        String b = aws.ec2().addSubnet(network.vpcId(), "10.0.12.0/24", "us-east-1a");

        LocalStateMachine.Result one = run("one-zone", "{\"subnetIds\":" + subnets(List.of(network.subnetIds().get(0), a, b)) + "}");
        LocalStateMachine.Result single = run("single", "{\"subnetIds\":" + subnets(List.of(a)) + "}");

        assertEquals("io.consulfactory.spec.InvalidSpecException", one.error());
        assertTrue(one.cause().contains("subnetIds: every subnet is in us-east-1a"), one.cause());
        assertTrue(one.cause().contains("allowSingleZone"), one.cause());
        assertTrue(single.cause().contains("every subnet is in us-east-1a"), single.cause());
        assertEquals(List.of(), aws.calls().mutating());

        LocalStateMachine.Result two = run("two-zones", "{\"subnetIds\":" + subnets(List.of(a, network.subnetIds().get(1))) + "}");
        assertEquals("SUCCEEDED", two.status(), two.cause());
        assertTrue(two.output().at("/changePlan/warnings/0").asText().contains("two zones only"), two.output().get("changePlan").toString());
        assertEquals(List.of("us-east-1a", "us-east-1b"), JSON.convertValue(two.output().at("/changePlan/availabilityZones"), List.class));
    }

    @Test
    void oneZoneWhenAllowedIsDeployedWithAWarning() throws Exception {
        String a = aws.ec2().addSubnet(network.vpcId(), "10.0.11.0/24", "us-east-1a");

        LocalStateMachine.Result result = run("allowed", "{\"subnetIds\":[\"" + a + "\"],\"allowSingleZone\":true}");

        assertEquals("SUCCEEDED", result.status(), result.cause());
        assertTrue(result.output().at("/changePlan/warnings/0").asText().contains("takes the whole cluster"));
    }

    @Test
    void moreRulesThanASecurityGroupHoldsAreRefusedBeforeTheGroupIsMade() throws Exception {
        String api = IntStream.range(0, 20).mapToObj(i -> "\"10." + (i + 1) + ".0.0/16\"").collect(Collectors.joining(","));
        String ssh = IntStream.range(0, 20).mapToObj(i -> "\"192.168." + i + ".0/24\"").collect(Collectors.joining(","));

        LocalStateMachine.Result result = run("rules", "{\"apiAllowedCidrs\":[" + api + "],\"sshAllowedCidrs\":[" + ssh + "]}");
        LocalStateMachine.Result fits = run("fits", "{\"apiAllowedCidrs\":[" + api.substring(0, api.indexOf(",\"10.11.")) + "]}");

        assertEquals("io.consulfactory.spec.InvalidSpecException", result.error());
        assertTrue(result.cause().contains("89 inbound IPv4 rules") && result.cause().contains("AWS allows 60"), result.cause());
        assertTrue(result.cause().contains("security group consul-consul-dc1 "), result.cause());
        assertEquals("SUCCEEDED", fits.status(), "10 API CIDRs are 30 rules, with Consul's own 39: " + fits.cause());
    }
}
