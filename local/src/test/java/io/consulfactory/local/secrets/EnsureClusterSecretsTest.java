package io.consulfactory.local.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.consul.SecretNames;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.Network;
import io.consulfactory.local.lambda.LocalLambda;
import io.consulfactory.resources.ResourceConflictException;
import io.consulfactory.secrets.ClusterCertificates;
import io.consulfactory.secrets.ClusterSecrets;
import io.consulfactory.secrets.EnsureClusterSecrets;
import io.consulfactory.secrets.EnsureClusterSecretsHandler;
import io.consulfactory.spec.ClusterSpec;
import io.consulfactory.spec.ClusterSpecParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The secrets step against the local Secrets Manager, through the real SDK client. */
@ExtendWith(LocalAwsExtension.class)
class EnsureClusterSecretsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private Network network;

    @BeforeEach
    void seedNetwork(LocalAws aws) {
        this.network = aws.ec2().seedDefaultNetwork();
    }

    private ClusterSpec spec(String cluster, String datacenter) {
        String subnets = network.subnetIds().stream().map(s -> '"' + s + '"').collect(Collectors.joining(","));
        return ClusterSpecParser.parse("{\"clusterName\":\"" + cluster + "\",\"datacenter\":\"" + datacenter + "\",\"vpcId\":\""
                + network.vpcId() + "\",\"subnetIds\":[" + subnets + "]}", null);
    }

    private static ClusterSecrets run(ClusterSpec spec, Instant now) {
        return LocalLambda.invoke(new EnsureClusterSecretsHandler(), Map.of("spec", spec, "now", now.toString()), ClusterSecrets.class);
    }

    private static JsonNode value(String name) throws Exception {
        return JSON.readTree(AwsClients.secretsManager().getSecretValue(r -> r.secretId(name)).secretString());
    }

    private static Map<String, String> tags(String name) {
        Map<String, String> tags = new TreeMap<>();
        AwsClients.secretsManager().describeSecret(r -> r.secretId(name)).tags().forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }

    @Test
    void aFirstRunMakesTheThreeSecretsTaggedAndConsistent() throws Exception {
        ClusterSecrets made = run(spec("consul-dc1", "east"), NOW);
        assertEquals(List.of(SecretNames.caKey("consul-dc1"), SecretNames.client("consul-dc1"), SecretNames.server("consul-dc1")),
                made.created());
        for (String name : made.created()) {
            assertEquals(Map.of("consul-cluster", "consul-dc1", "managed-by", "consul-cluster-factory"), tags(name), name);
        }
        assertTrue(made.clientSecretArn().matches("arn:aws:secretsmanager:us-east-1:\\d{12}:secret:consul-cluster-factory/consul-dc1/client-[A-Za-z0-9]{6}"),
                made.clientSecretArn());

        JsonNode client = value(SecretNames.client("consul-dc1"));
        JsonNode server = value(SecretNames.server("consul-dc1"));
        JsonNode caKey = value(SecretNames.caKey("consul-dc1"));
        assertEquals(32, Base64.getDecoder().decode(client.get("gossip_key").asText()).length);
        assertEquals(caKey.get("ca_cert").asText(), client.get("ca_cert").asText(), "clients trust the CA that signs");
        X509Certificate ca = new ClusterCertificates.KeyAndCertificate(client.get("ca_cert").asText(), caKey.get("ca_key").asText()).certificate();
        X509Certificate cert = new ClusterCertificates.KeyAndCertificate(server.get("server_cert").asText(), server.get("server_key").asText()).certificate();
        cert.verify(ca.getPublicKey());
        assertEquals("CN=server.east.consul", cert.getSubjectX500Principal().getName().replaceFirst(",.*", ""));
        assertEquals(made.serverCertificateNotAfter(), cert.getNotAfter().toInstant().toString());
        List<String> tokens = List.of("initial_management_token", "agent_token", "status_token", "operator_token");
        assertEquals(4, tokens.stream().map(t -> server.get(t).asText()).distinct().count(), "four different tokens");
        for (String t : tokens) {
            assertTrue(server.get(t).asText().matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), t);
        }
        String output = JSON.writeValueAsString(made);
        for (String secret : List.of(client.get("gossip_key").asText(), caKey.get("ca_key").asText(), server.get("server_key").asText(),
                server.get("agent_token").asText(), server.get("initial_management_token").asText())) {
            assertTrue(!output.contains(secret), "the step's output holds no secret value");
        }
    }

    @Test
    void laterRunsReuseEverythingAndAnotherClusterGetsItsOwn() throws Exception {
        ClusterSecrets first = run(spec("consul-dc1", "dc1"), NOW);
        String gossip = value(SecretNames.client("consul-dc1")).get("gossip_key").asText();
        JsonNode server = value(SecretNames.server("consul-dc1"));

        ClusterSecrets again = run(spec("consul-dc1", "dc1"), NOW.plus(Duration.ofDays(40)));
        assertEquals(List.of(), again.created());
        assertEquals(List.of(), again.renewed());
        assertEquals(first.clientSecretArn(), again.clientSecretArn());
        assertEquals(gossip, value(SecretNames.client("consul-dc1")).get("gossip_key").asText());
        assertEquals(server, value(SecretNames.server("consul-dc1")));

        run(spec("consul-dc2", "dc1"), NOW);
        assertNotEquals(gossip, value(SecretNames.client("consul-dc2")).get("gossip_key").asText());
        assertNotEquals(value(SecretNames.client("consul-dc1")).get("ca_cert"), value(SecretNames.client("consul-dc2")).get("ca_cert"),
                "one CA per cluster: a server of one cluster is no peer of another's");
    }

    @Test
    void aServerCertificateNearItsEndIsReissuedWithTheSameTokens() throws Exception {
        run(spec("consul-dc1", "dc1"), NOW);
        JsonNode before = value(SecretNames.server("consul-dc1"));
        Instant late = NOW.plus(ClusterCertificates.SERVER_VALIDITY).minus(Duration.ofDays(10));
        ClusterSecrets renewed = run(spec("consul-dc1", "dc1"), late);
        assertEquals(List.of(SecretNames.server("consul-dc1")), renewed.renewed());
        JsonNode after = value(SecretNames.server("consul-dc1"));
        assertNotEquals(before.get("server_cert"), after.get("server_cert"));
        assertNotEquals(before.get("server_key"), after.get("server_key"));
        for (String t : List.of("initial_management_token", "agent_token", "status_token", "operator_token")) {
            assertEquals(before.get(t), after.get(t), t + " is kept: Consul knows the token by it");
        }
        Instant notAfter = Instant.parse(renewed.serverCertificateNotAfter());
        assertTrue(notAfter.isAfter(late.plus(EnsureClusterSecrets.RENEW_BEFORE)), "valid again for long: " + notAfter);
        assertEquals(before.get("server_cert").asText(),
                JSON.readTree(AwsClients.secretsManager().getSecretValue(r -> r.secretId(SecretNames.server("consul-dc1"))
                        .versionStage("AWSPREVIOUS")).secretString()).get("server_cert").asText(), "the old one stays as AWSPREVIOUS");
    }

    @Test
    void aSecretTheFactoryDidNotMakeIsNeverUsed() {
        AwsClients.secretsManager().createSecret(r -> r.name(SecretNames.client("consul-dc1")).secretString("{\"mine\":true}"));
        ResourceConflictException e = assertThrows(ResourceConflictException.class, () -> run(spec("consul-dc1", "dc1"), NOW));
        assertTrue(e.getMessage().contains(SecretNames.client("consul-dc1")) && e.getMessage().contains("not made by the factory"),
                e.getMessage());
        assertEquals(1, AwsClients.secretsManager().listSecrets(r -> r.maxResults(10)).secretList().size(), "nothing else made");
    }

    @Test
    void withoutTheCaKeyTheOtherSecretsAreNotSignedAgain() {
        run(spec("consul-dc1", "dc1"), NOW);
        AwsClients.secretsManager().deleteSecret(r -> r.secretId(SecretNames.caKey("consul-dc1")).forceDeleteWithoutRecovery(true));
        ResourceConflictException e = assertThrows(ResourceConflictException.class, () -> run(spec("consul-dc1", "dc1"), NOW));
        assertTrue(e.getMessage().contains("CA's key") && e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void secretsScheduledForDeletionAreRestoredWithTheirValues() throws Exception {
        run(spec("consul-dc1", "dc1"), NOW);
        String gossip = value(SecretNames.client("consul-dc1")).get("gossip_key").asText();
        for (String name : List.of(SecretNames.caKey("consul-dc1"), SecretNames.client("consul-dc1"), SecretNames.server("consul-dc1"))) {
            AwsClients.secretsManager().deleteSecret(r -> r.secretId(name).recoveryWindowInDays(7L));
        }
        ClusterSecrets back = run(spec("consul-dc1", "dc1"), NOW);
        assertEquals(List.of(), back.created());
        DescribeSecretResponse client = AwsClients.secretsManager().describeSecret(r -> r.secretId(SecretNames.client("consul-dc1")));
        assertEquals(null, client.deletedDate());
        assertEquals(gossip, value(SecretNames.client("consul-dc1")).get("gossip_key").asText());
    }
}
