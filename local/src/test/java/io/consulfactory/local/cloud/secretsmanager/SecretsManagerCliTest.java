package io.consulfactory.local.cloud.secretsmanager;

import com.fasterxml.jackson.databind.JsonNode;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.cloud.AwsCli;
import io.consulfactory.local.cloud.LocalAws;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The AWS CLI (botocore: a second, independent client, and the shape a node's own scripts would use) creates, reads
 * and describes a secret on the local Secrets Manager. `.ci/run` installs the CLI; without it these tests fail.
 */
@ExtendWith(LocalAwsExtension.class)
class SecretsManagerCliTest {

    private static final String NAME = "consul-cluster-factory/dc1/client";
    private static final String VALUE = "{\"gossip_key\":\"c2VjcmV0\",\"ca_cert\":\"PEM\"}";

    @Test
    void theCliCreatesReadsAndDescribesASecret(LocalAws aws) throws Exception {
        JsonNode created = AwsCli.json(aws, "secretsmanager", "create-secret", "--name", NAME, "--secret-string", VALUE,
                "--description", "dc1 client material", "--tags", "Key=consul-cluster,Value=dc1",
                "Key=managed-by,Value=consul-cluster-factory");
        String arn = created.get("ARN").asText();
        assertTrue(arn.matches("arn:aws:secretsmanager:us-east-1:123456789012:secret:" + NAME + "-[A-Za-z0-9]{6}"), arn);
        assertEquals(NAME, created.get("Name").asText());

        JsonNode value = AwsCli.json(aws, "secretsmanager", "get-secret-value", "--secret-id", arn);
        assertEquals(VALUE, value.get("SecretString").asText());
        assertEquals(created.get("VersionId").asText(), value.get("VersionId").asText());
        assertEquals("AWSCURRENT", value.get("VersionStages").get(0).asText());
        assertTrue(value.get("CreatedDate").isNumber(), "the CLI parsed the timestamp: " + value);
        assertEquals(aws.clock().now().getEpochSecond(), value.get("CreatedDate").asLong());

        JsonNode described = AwsCli.json(aws, "secretsmanager", "describe-secret", "--secret-id", NAME);
        assertEquals(arn, described.get("ARN").asText());
        assertEquals("dc1 client material", described.get("Description").asText());
        assertFalse(described.has("KmsKeyId"), "the AWS managed key is not shown: " + described);
        assertEquals(2, described.get("Tags").size());
        assertEquals("AWSCURRENT", described.get("VersionIdsToStages").get(created.get("VersionId").asText()).get(0).asText());
        assertFalse(described.has("SecretString"), "describe never shows the value");
    }

    @Test
    void theCliSeesSecretsManagerErrorCodes(LocalAws aws) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("aws", "--endpoint-url", aws.endpoint().toString(), "--region",
                LocalAws.DEFAULT_REGION, "secretsmanager", "get-secret-value", "--secret-id", NAME);
        builder.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "AKIALOCALCLI00000001", "AWS_SECRET_ACCESS_KEY", "x",
                "AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null", "AWS_EC2_METADATA_DISABLED", "true"));
        Process process = builder.start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));

        assertTrue(List.of(254, 255).contains(process.exitValue()), "a service error, not " + process.exitValue() + ": " + err);
        assertTrue(err.contains("ResourceNotFoundException") && err.contains("Secrets Manager can't find the specified secret."), err);
    }
}
