package io.consulfactory.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.Network;
import io.consulfactory.local.statemachine.LocalStateMachine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What CloudWatch Logs would hold after a deploy: each invocation's one JSON line on stdout, as the functions write
 * it in Lambda, saying which function, cluster and execution, the outcome, how long, which AWS calls, and what the
 * step found or made; and never one of the secrets the deploy made.
 */
@ExtendWith(LocalAwsExtension.class)
class InvocationLogLinesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aDeployWritesOneJsonLinePerInvocationWithWhatEachStepDid(LocalAws aws) throws Exception {
        Network network = aws.ec2().seedNetwork(LocalRun.VPC_ID, LocalRun.SUBNET_IDS);
        LocalWorkflow workflow = new LocalWorkflow(aws, LocalWorkflow.definitionFile(),
                LocalWorkflow.stackDefaults(network.vpcId(), network.subnetIds()));
        workflow.recordHistory();

        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream original = System.out;
        LocalStateMachine.Result result;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        try {
            result = workflow.run("deploy", JSON.readTree("{}"), (s, t, l, r, o) -> { });
        } finally {
            System.setOut(original);
        }
        assertEquals("SUCCEEDED", result.status(), result.error() + ": " + result.cause());

        List<JsonNode> lines = new ArrayList<>();
        for (String text : stdout.toString(StandardCharsets.UTF_8).split("\n")) {
            lines.add(JSON.readTree(text)); // every line on stdout is one JSON object
        }
        assertEquals(result.invocations(), lines.size(), "one line per invocation");
        assertEquals(workflow.history().stream().map(LocalWorkflow.Invocation::function).toList(),
                lines.stream().map(l -> l.get("function").asText()).toList(), "in the order of the invocations");

        String execution = LocalWorkflow.STATE_MACHINE_ARN.replace(":stateMachine:", ":execution:") + ":deploy";
        Map<String, Set<String>> callsByFunction = new TreeMap<>();
        for (JsonNode line : lines) {
            String function = line.get("function").asText();
            assertEquals("consul-dc1", line.get("cluster").asText(), line.toString());
            assertEquals("ok", line.get("outcome").asText(), line.toString());
            assertEquals("INFO", line.get("level").asText(), line.toString());
            assertTrue(line.get("durationMs").asLong() >= 0, line.toString());
            assertFalse(line.get("requestId").asText().isEmpty(), line.toString());
            if (Set.of("LaunchBuilder", "CleanUp").contains(function)) {
                assertEquals(execution, line.get("execution").asText(), line.toString());
            } else {
                assertEquals(line.get("requestId").asText(), line.get("execution").asText(), "the request id otherwise: " + line);
            }
            line.get("awsCalls").fields().forEachRemaining(c -> {
                assertTrue(c.getValue().asInt() >= 1, line.toString());
                callsByFunction.computeIfAbsent(function, f -> new TreeSet<>()).add(c.getKey());
            });
            assertTrue(line.get("result").isObject(), line.toString());
        }
        // The calls each line names are the ones the local AWS saw each function make, by the same IAM names.
        Map<String, Set<String>> seen = new TreeMap<>(workflow.actionsSeen());
        seen.values().removeIf(Set::isEmpty);
        assertEquals(seen, callsByFunction);

        JsonNode checkCluster = lines.stream().filter(l -> l.get("function").asText().equals("CheckCluster"))
                .reduce((a, b) -> b).orElseThrow();
        assertEquals("READY", checkCluster.at("/result/status").asText(), checkCluster.toString());
        assertTrue(checkCluster.at("/awsCalls/ec2:GetConsoleOutput").asInt() >= 3, "a console per server: " + checkCluster);
        JsonNode deploy = lines.stream().filter(l -> l.get("function").asText().equals("DeployAutoScalingGroup")).findFirst().orElseThrow();
        assertEquals("consul-consul-dc1", deploy.at("/result/autoScalingGroupName").asText(), deploy.toString());
        JsonNode image = lines.stream().filter(l -> l.get("function").asText().equals("CreateImage")).findFirst().orElseThrow();
        assertTrue(image.at("/result/imageId").asText().startsWith("ami-"), image.toString());

        String all = stdout.toString(StandardCharsets.UTF_8);
        List<String> leaked = new ArrayList<>();
        for (SecretListEntry entry : AwsClients.secretsManager().listSecrets(r -> r.maxResults(100)).secretList()) {
            JsonNode value = JSON.readTree(AwsClients.secretsManager().getSecretValue(r -> r.secretId(entry.arn())).secretString());
            value.fields().forEachRemaining(f -> {
                if (!f.getKey().endsWith("_cert") && all.contains(f.getValue().asText())) {
                    leaked.add(entry.name() + "#" + f.getKey());
                }
            });
        }
        assertEquals(List.of(), leaked, "no secret in the log lines");
        assertTrue(all.contains(AwsClients.secretsManager().describeSecret(r -> r.secretId("consul-cluster-factory/consul-dc1/server")).arn()),
                "the secrets step names its secrets by ARN");
    }
}
