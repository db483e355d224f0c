package io.consulfactory.local.statemachine;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.LocalWorkflow;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.BakeOutcome;
import io.consulfactory.local.cloud.ec2.InstanceView;
import io.consulfactory.local.cloud.ec2.Network;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole workflow, as deployed, run by the local runner against the local AWS. */
@ExtendWith(LocalAwsExtension.class)
class WorkflowTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalAws aws;
    private LocalWorkflow workflow;
    private final List<String> states = new ArrayList<>();

    @BeforeEach
    void deploy(LocalAws aws) {
        this.aws = aws;
        Network network = aws.ec2().seedDefaultNetwork();
        this.workflow = new LocalWorkflow(aws, LocalWorkflow.definitionFile(),
                LocalWorkflow.stackDefaults(network.vpcId(), network.subnetIds()));
    }

    private LocalStateMachine.Result run(String name, String input) throws IOException {
        return workflow.run(name, JSON.readTree(input), (state, type, local, real, outcome) -> states.add(state));
    }

    @Test
    void anEmptyInputDeploysTheStacksClusterEndToEnd() throws Exception {
        LocalStateMachine.Result result = run("first", "{}");

        assertEquals("SUCCEEDED", result.status(), result.error() + ": " + result.cause());
        assertEquals(List.of("ValidateInput", "KeepSpec", "PlanChange", "FirstSecurityStage", "EnsureSupportingResources",
                "EnsureClusterSecrets", "PlanBake", "ReuseOrBake", "LaunchBuilder", "WaitForBuilderBoot"), states.subList(0, 10));
        assertEquals("Done", states.get(states.size() - 1));
        assertEquals("READY", result.output().at("/cluster/status").asText());
        List<InstanceView> servers = aws.ec2().instances().stream().filter(i -> i.state().equals("running")).toList();
        assertEquals(3, servers.size());
        assertTrue(servers.stream().allMatch(i -> "consul-dc1".equals(i.tags().get("consul-cluster"))), "the default join tag: the cluster's own");
        assertTrue(aws.ec2().instances().stream().filter(i -> "builder".equals(i.tags().get("role")))
                .allMatch(i -> i.state().equals("shutting-down") || i.state().equals("terminated")), "the builder is gone");
        assertTrue(result.transitions() < 150, "a deploy stays under 150 state transitions: " + result.transitions());
    }

    @Test
    void aChangedRecipeOrAnImageOlderThanMaxImageAgeDaysIsBakedAgain() throws Exception {
        assertEquals("SUCCEEDED", run("first", "{}").status());

        states.clear();
        assertEquals("SUCCEEDED", run("other-version", "{\"consulVersion\":\"1.21.0\"}").status());
        assertTrue(states.contains("LaunchBuilder"), "a new Consul version is a new recipe: " + states);

        aws.clock().advance(java.time.Duration.ofDays(8));
        states.clear();
        assertEquals("SUCCEEDED", run("week-old", "{\"consulVersion\":\"1.21.0\",\"maxImageAgeDays\":7}").status());
        assertTrue(states.contains("LaunchBuilder"), "an 8-day-old image is not reused under a 7-day limit: " + states);

        states.clear();
        assertEquals("SUCCEEDED", run("fresh", "{\"consulVersion\":\"1.21.0\",\"maxImageAgeDays\":7}").status());
        assertTrue(states.contains("ReuseImage"), "the fresh image is: " + states);
        assertEquals(3, aws.calls().of("ec2", "RunInstances").stream().filter(c -> c.succeeded()).count(), "three bakes");
    }

    @Test
    void aFailedInstallFailsTheExecutionWithItsCauseAfterCleaningUp() throws Exception {
        aws.ec2().bakeOutcome(BakeOutcome.fail("download of consul_1.20.2_linux_amd64.zip failed (exit 22)"));

        LocalStateMachine.Result result = run("failing", "{}");

        assertEquals("FAILED", result.status());
        assertEquals("BakeFailed", result.error());
        assertTrue(result.cause().contains("download of consul_1.20.2_linux_amd64.zip failed"), result.cause());
        assertTrue(states.contains("CleanUpAfterFailure"));
        assertEquals("Failed", states.get(states.size() - 1));
        aws.clock().advance(java.time.Duration.ofMinutes(5));
        assertTrue(aws.ec2().instances().stream().allMatch(i -> i.state().equals("terminated")), "no builder left behind");
        assertTrue(aws.calls().of("ec2", "CreateImage").isEmpty());
    }

    @Test
    void badInputFailsInValidateInputWithoutAnyAwsCall() throws Exception {
        LocalStateMachine.Result result = run("bad", "{\"serverCount\":4,\"clusterName\":\"x;reboot\"}");

        assertEquals("FAILED", result.status());
        assertEquals("io.consulfactory.spec.InvalidSpecException", result.error());
        assertTrue(result.cause().contains("serverCount") && result.cause().contains("clusterName"), result.cause());
        assertEquals(0, aws.calls().size(), "validation runs before any AWS call");
    }

    /** The join gate reads live consoles (GetConsoleOutput Latest=true): only Nitro types serve them. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "t2.micro   | runs on the xen hypervisor; the servers must be Nitro instance types",
            "m4.large   | runs on the xen hypervisor",
            "c4.large   | runs on the xen hypervisor",
            "t3.enormous| is not an EC2 instance type offered in this region",
            "m9z.large  | is not an EC2 instance type offered in this region"})
    void anInstanceTypeTheGateCannotReadIsRefusedBeforeAnythingIsMade(String type, String rule) throws Exception {
        LocalStateMachine.Result result = run("not-nitro", "{\"instanceType\":\"" + type + "\"}");

        assertEquals("FAILED", result.status());
        assertEquals("io.consulfactory.spec.InvalidSpecException", result.error());
        assertTrue(result.cause().contains("instanceType: '" + type + "' " + rule), result.cause());
        assertEquals(List.of("ec2:DescribeInstanceTypes"), aws.calls().all().stream().map(c -> c.iamAction()).distinct().toList(),
                "nothing made, nothing else even read");
    }

    @Test
    void aNitroTypeOfEitherArchitecturePassesTheCheck() throws Exception {
        for (String type : List.of("t3.small", "m7g.large")) {
            aws.reset();
            Network network = aws.ec2().seedDefaultNetwork();
            workflow = new LocalWorkflow(aws, LocalWorkflow.definitionFile(), LocalWorkflow.stackDefaults(network.vpcId(), network.subnetIds()));
            assertEquals("SUCCEEDED", run(type, "{\"instanceType\":\"" + type + "\"}").status(), type);
        }
    }

    @Test
    void theRunnerRejectsUnknownFieldsUnreachableStatesAndMissingSubstitutions() throws Exception {
        String text = Files.readString(LocalWorkflow.definitionFile());
        Map<String, String> subs = new java.util.HashMap<>();
        AslDefinition.placeholders(text).forEach(p -> subs.put(p, "x"));

        assertTrue(assertThrows(IllegalArgumentException.class, () -> AslDefinition.parse(text.replace("\"ResultPath\": \"$.resources\"",
                "\"ResultPath\": \"$.resources\", \"Retries\": []"), subs)).getMessage().contains("unknown field 'Retries'"));
        String orphan = text.replace("\"States\": {", "\"States\": {\"Orphan\": {\"Type\": \"Succeed\"},");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AslDefinition.parse(orphan, subs))
                .getMessage().contains("Orphan cannot be reached"));
        String dangling = text.replace("\"Next\": \"CreateImage\"", "\"Next\": \"CreateImages\"");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AslDefinition.parse(dangling, subs))
                .getMessage().contains("'CreateImages', which is not a state"));
        subs.remove("CleanUpFunctionArn");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AslDefinition.parse(text, subs))
                .getMessage().contains("CleanUpFunctionArn"));
    }
}
