package io.consulfactory.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.local.cloud.Call;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.InstanceView;
import io.consulfactory.local.cloud.ec2.Network;
import io.consulfactory.local.statemachine.LocalStateMachine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No secret value is anywhere but in Secrets Manager (issue 14): after a deploy and a rebake, the actual values
 * are looked for in every AWS call the local AWS received outside Secrets Manager, every user data and launch
 * template version, every console, every tag, every state's data of the executions and the local run's printout.
 */
@ExtendWith(LocalAwsExtension.class)
class SecretsNowhereTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Public parts of the secrets: certificates are meant to be read. */
    private static final Set<String> PUBLIC_FIELDS = Set.of("ca_cert", "server_cert");

    @Test
    void afterADeployAndARebakeNoSecretValueIsOutsideSecretsManager(LocalAws aws) throws Exception {
        Network network = aws.ec2().seedNetwork(LocalRun.VPC_ID, LocalRun.SUBNET_IDS); // the example inputs' network
        LocalWorkflow.snapshotBucket(aws); // as LocalAwsMain makes them both
        LocalWorkflow workflow = new LocalWorkflow(aws, LocalWorkflow.definitionFile(),
                LocalWorkflow.stackDefaults(network.vpcId(), network.subnetIds()));
        workflow.recordHistory();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int status = LocalRun.run(new String[]{"--endpoint", aws.endpoint().toString(), "--input",
                LocalWorkflow.repoFile("events/minimal.json").toString(), "--rebake"}, new PrintStream(printed, true, StandardCharsets.UTF_8),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertEquals(0, status, printed.toString(StandardCharsets.UTF_8));
        // A second cluster through the recording runner: every state's data, the secrets' first making included.
        List<String> finalOutputs = new ArrayList<>();
        for (String[] run : new String[][]{{"deploy", "{\"clusterName\":\"consul-dc2\"}"},
                {"rebake", "{\"clusterName\":\"consul-dc2\",\"consulVersion\":\"1.21.0\"}"}}) {
            LocalStateMachine.Result result = workflow.run(run[0], JSON.readTree(run[1]), (s, t, l, r, o) -> { });
            assertEquals("SUCCEEDED", result.status(), result.error() + ": " + result.cause());
            finalOutputs.add(JSON.writeValueAsString(result.output()));
        }

        Map<String, String> secrets = secretValues();
        assertEquals(16, secrets.size(), "per cluster the gossip key, the CA key, the server key and five tokens: " + secrets.keySet());

        Map<String, String> places = new LinkedHashMap<>();
        for (Call call : aws.calls().all()) {
            if (!call.service().equals("secretsmanager")) {
                places.merge("AWS call " + call.service() + ":" + call.action(), call.params().toString(), String::concat);
            }
        }
        for (InstanceView instance : aws.ec2().instances()) {
            places.put("user data of " + instance.instanceId(), String.valueOf(instance.userData()));
            places.put("tags of " + instance.instanceId(), instance.tags().toString());
            String console = AwsClients.ec2().getConsoleOutput(r -> r.instanceId(instance.instanceId()).latest(true)).output();
            places.put("console of " + instance.instanceId(), console == null ? "" : new String(Base64.getDecoder().decode(console), StandardCharsets.UTF_8));
        }
        for (String template : List.of("consul-consul-dc1", "consul-consul-dc2")) {
            for (LaunchTemplateVersion v : AwsClients.ec2().describeLaunchTemplateVersions(r -> r.launchTemplateName(template))
                    .launchTemplateVersions()) {
                places.put(template + " version " + v.versionNumber(), v.toString()
                        + new String(Base64.getDecoder().decode(v.launchTemplateData().userData()), StandardCharsets.UTF_8));
            }
        }
        AwsClients.ec2().describeImages(r -> r.owners("self")).images()
                .forEach(image -> places.put("image " + image.imageId(), image.toString()));
        AwsClients.ec2().describeLaunchTemplates(r -> r.maxResults(100)).launchTemplates()
                .forEach(t -> places.put("launch template " + t.launchTemplateName(), t.toString()));
        AwsClients.autoScaling().describeAutoScalingGroups(r -> r.maxRecords(100)).autoScalingGroups()
                .forEach(g -> places.put("group " + g.autoScalingGroupName(), g.toString()));
        for (LocalWorkflow.Invocation invocation : workflow.history()) {
            places.merge("state data around " + invocation.function(), invocation.input() + invocation.output(), String::concat);
        }
        places.put("executions' output", String.join("", finalOutputs));
        places.put("the local run's printout", printed.toString(StandardCharsets.UTF_8));
        assertTrue(workflow.history().stream().anyMatch(i -> i.function().equals("EnsureClusterSecrets")), "the scan saw the secrets step");

        List<String> found = new ArrayList<>();
        secrets.forEach((name, value) -> places.forEach((place, text) -> {
            for (String needle : needles(value)) {
                if (text.contains(needle)) {
                    found.add(name + " in " + place);
                    return;
                }
            }
        }));
        assertEquals(List.of(), found);
        // The search finds what is there: the secrets step's output names the secrets by ARN.
        String arn = AwsClients.secretsManager().describeSecret(r -> r.secretId("consul-cluster-factory/consul-dc2/server")).arn();
        assertTrue(places.get("executions' output").contains(arn), "the search finds what is there");
        assertFalse(printed.toString(StandardCharsets.UTF_8).isBlank());
    }

    /** Every secret field's value, by secret and field. */
    private static Map<String, String> secretValues() throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        for (SecretListEntry entry : AwsClients.secretsManager().listSecrets(r -> r.maxResults(100)).secretList()) {
            JsonNode value = JSON.readTree(AwsClients.secretsManager().getSecretValue(r -> r.secretId(entry.arn())).secretString());
            value.fields().forEachRemaining(f -> {
                if (!PUBLIC_FIELDS.contains(f.getKey())) {
                    values.put(entry.name() + "#" + f.getKey(), f.getValue().asText());
                }
            });
        }
        return values;
    }

    /** The value, and for a PEM block each line of its body: a leak may be cut or re-wrapped. */
    private static List<String> needles(String value) {
        List<String> needles = new ArrayList<>(List.of(value));
        for (String line : value.split("\n")) {
            if (line.length() >= 24 && !line.startsWith("-----")) {
                needles.add(line);
            }
        }
        return needles;
    }
}
