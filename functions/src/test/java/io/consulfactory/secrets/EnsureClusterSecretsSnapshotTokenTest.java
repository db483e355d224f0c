package io.consulfactory.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import io.consulfactory.aws.Tags;
import io.consulfactory.consul.SecretNames;
import io.consulfactory.lambda.Json;
import io.consulfactory.spec.ClusterSpec;
import io.consulfactory.spec.ClusterSpecParser;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The snapshot token (contract 15): a new cluster's server secret holds {@code snapshot_token}; a server secret made
 * before snapshots gains it with one PutSecretValue that keeps every other value; a secret that has it is left alone.
 */
class EnsureClusterSecretsSnapshotTokenTest {

    static final ClusterSpec SPEC = ClusterSpecParser.parse("{\"clusterName\":\"consul-dc1\",\"vpcId\":\"vpc-0a1b2c3d\","
            + "\"subnetIds\":[\"subnet-0a1b2c3d\"]}", null);
    static final Instant NOW = Instant.parse("2026-01-05T09:00:00Z");

    /** Secrets Manager's answers for the three calls the step makes, in memory, each call noted. */
    static final class Secrets implements SecretsManagerClient {
        final Map<String, String> values = new LinkedHashMap<>();
        final List<String> calls = new ArrayList<>();

        @Override
        public DescribeSecretResponse describeSecret(DescribeSecretRequest request) {
            calls.add("DescribeSecret " + request.secretId());
            if (!values.containsKey(request.secretId())) {
                throw ResourceNotFoundException.builder().message("Secrets Manager can't find the specified secret.")
                        .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                                .errorCode("ResourceNotFoundException").build()).build();
            }
            return DescribeSecretResponse.builder().name(request.secretId()).arn("arn:aws:secretsmanager:us-east-1:123456789012:secret:"
                    + request.secretId() + "-a1B2c3").tags(Tag.builder().key(Tags.MANAGED_BY).value(Tags.MANAGED_BY_VALUE).build(),
                    Tag.builder().key(Tags.CLUSTER).value(SPEC.clusterName()).build()).build();
        }

        @Override
        public CreateSecretResponse createSecret(CreateSecretRequest request) {
            calls.add("CreateSecret " + request.name());
            values.put(request.name(), request.secretString());
            return CreateSecretResponse.builder().name(request.name()).build();
        }

        @Override
        public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
            calls.add("GetSecretValue " + request.secretId());
            return GetSecretValueResponse.builder().secretString(values.get(request.secretId())).build();
        }

        @Override
        public PutSecretValueResponse putSecretValue(PutSecretValueRequest request) {
            calls.add("PutSecretValue " + request.secretId());
            values.put(request.secretId(), request.secretString());
            return PutSecretValueResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "secretsmanager";
        }

        @Override
        public void close() {
        }

        JsonNode value(String name) throws Exception {
            return Json.MAPPER.readTree(values.get(name));
        }
    }

    @Test
    void aNewClustersServerSecretHoldsASnapshotToken() throws Exception {
        Secrets secrets = new Secrets();

        ClusterSecrets made = new EnsureClusterSecrets(secrets, new SecureRandom()).ensure(SPEC, NOW);

        JsonNode server = secrets.value(SecretNames.server("consul-dc1"));
        assertTrue(server.path("snapshot_token").asText().matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"),
                server.path("snapshot_token").asText());
        assertEquals(List.of(), made.updated());
    }

    @Test
    void aServerSecretMadeBeforeSnapshotsGainsTheTokenAndKeepsEveryOtherValue() throws Exception {
        Secrets secrets = new Secrets();
        new EnsureClusterSecrets(secrets, new SecureRandom()).ensure(SPEC, NOW);
        String name = SecretNames.server("consul-dc1");
        var before = (com.fasterxml.jackson.databind.node.ObjectNode) secrets.value(name);
        before.remove("snapshot_token");
        secrets.values.put(name, before.toString());
        secrets.calls.clear();

        ClusterSecrets again = new EnsureClusterSecrets(secrets, new SecureRandom()).ensure(SPEC, NOW.plusSeconds(3600));

        JsonNode after = secrets.value(name);
        for (Iterator<String> it = before.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            assertEquals(before.get(field), after.get(field), field + " is kept");
        }
        assertTrue(after.path("snapshot_token").isTextual());
        assertEquals(before.size() + 1, after.size());
        assertEquals(List.of(name), again.updated());
        assertEquals(List.of(), again.renewed());
        assertEquals(1, secrets.calls.stream().filter(c -> c.startsWith("PutSecretValue ")).count(), secrets.calls.toString());

        String token = after.get("snapshot_token").asText();
        secrets.calls.clear();
        ClusterSecrets third = new EnsureClusterSecrets(secrets, new SecureRandom()).ensure(SPEC, NOW.plusSeconds(7200));
        assertEquals(token, secrets.value(name).get("snapshot_token").asText(), "made once, then kept");
        assertEquals(List.of(), third.updated());
        assertTrue(secrets.calls.stream().noneMatch(c -> c.startsWith("PutSecretValue ")), secrets.calls.toString());
    }
}
