package io.consulfactory.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consulfactory.aws.AwsErrors;
import io.consulfactory.aws.RetryableAwsException;
import io.consulfactory.aws.Tags;
import io.consulfactory.consul.SecretNames;
import io.consulfactory.lambda.Json;
import io.consulfactory.resources.ResourceConflictException;
import io.consulfactory.spec.ClusterSpec;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.consulfactory.aws.AwsErrors.call;

/**
 * Makes a cluster's secrets once and keeps them (issue 14): the gossip key, a cluster CA (ECDSA P-256) with a
 * server certificate for {@code server.<datacenter>.consul}, and the ACL tokens' SecretIDs, in three Secrets
 * Manager secrets under {@code consul-cluster-factory/<cluster>/} (see {@link SecretNames}), encrypted with KMS
 * (Secrets Manager always encrypts; the AWS managed key {@code aws/secretsmanager} is used,
 * docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html) and tagged like everything else.
 *
 * <ul>
 *   <li>Later runs reuse them: nothing is made again, so a rebake's new servers join the old ones.</li>
 *   <li>The CA's private key is read back only here, to sign: a server certificate with less than
 *       {@link #RENEW_BEFORE} left is re-issued (same tokens), and the servers launched after that get it.</li>
 *   <li>A secret the factory did not make (no {@code managed-by} tag, or another cluster's) is never used.</li>
 *   <li>A secret scheduled for deletion (a teardown within its recovery window) is restored, so a cluster made
 *       again under the same name gets its old CA and key back.</li>
 * </ul>
 * The result holds names and ARNs, never a value: it goes into the execution's state.
 */
public final class EnsureClusterSecrets {

    /** A server certificate is valid for a year (Consul's own {@code consul tls cert create} default). */
    public static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private final SecretsManagerClient secrets;
    private final SecureRandom random;

    public EnsureClusterSecrets(SecretsManagerClient secrets, SecureRandom random) {
        this.secrets = secrets;
        this.random = random;
    }

    /** @param now when the certificates made now start to be valid (the state's entered time) */
    public ClusterSecrets ensure(ClusterSpec spec, Instant now) {
        String cluster = spec.clusterName();
        Optional<DescribeSecretResponse> caKey = find(spec, SecretNames.caKey(cluster));
        Optional<DescribeSecretResponse> client = find(spec, SecretNames.client(cluster));
        Optional<DescribeSecretResponse> server = find(spec, SecretNames.server(cluster));
        List<String> created = new ArrayList<>();
        List<String> renewed = new ArrayList<>();
        List<String> updated = new ArrayList<>();

        ClusterCertificates.KeyAndCertificate ca;
        if (caKey.isEmpty()) {
            if (client.isPresent() || server.isPresent()) {
                throw new ResourceConflictException("the secret " + SecretNames.caKey(cluster) + " (the cluster CA's key) is"
                        + " missing while " + (client.isPresent() ? SecretNames.client(cluster) : SecretNames.server(cluster))
                        + " exists: its certificates cannot be signed again. Restore the CA key secret (RestoreSecret, if it"
                        + " was deleted within its recovery window) or delete the cluster's other secrets to start a new CA");
            }
            ca = ClusterCertificates.newCa(cluster, spec.datacenter(), now, random);
            ObjectNode value = Json.MAPPER.createObjectNode().put("ca_key", ca.privateKeyPem()).put("ca_cert", ca.certificatePem());
            caKey = Optional.of(create(spec, SecretNames.caKey(cluster),
                    "Consul Cluster Factory: the private key of cluster " + cluster + "'s CA (read only by the function that signs)",
                    value, created));
        } else {
            JsonNode value = read(SecretNames.caKey(cluster), "ca_key", "ca_cert");
            ca = new ClusterCertificates.KeyAndCertificate(value.get("ca_cert").asText(), value.get("ca_key").asText());
        }
        if (client.isEmpty()) {
            ObjectNode value = Json.MAPPER.createObjectNode()
                    .put("gossip_key", SecretMaterial.gossipKey(random))
                    .put("ca_cert", ca.certificatePem());
            client = Optional.of(create(spec, SecretNames.client(cluster),
                    "Consul Cluster Factory: cluster " + cluster + "'s gossip key and CA certificate (servers and clients)",
                    value, created));
        }
        Instant notAfter;
        if (server.isEmpty()) {
            ClusterCertificates.KeyAndCertificate cert = ClusterCertificates.newServerCertificate(ca, spec.datacenter(), now, random);
            ObjectNode value = Json.MAPPER.createObjectNode()
                    .put("server_cert", cert.certificatePem())
                    .put("server_key", cert.privateKeyPem())
                    .put("initial_management_token", SecretMaterial.token(random))
                    .put("agent_token", SecretMaterial.token(random))
                    .put("status_token", SecretMaterial.token(random))
                    .put("operator_token", SecretMaterial.token(random))
                    .put("snapshot_token", SecretMaterial.token(random));
            server = Optional.of(create(spec, SecretNames.server(cluster),
                    "Consul Cluster Factory: cluster " + cluster + "'s server certificate and ACL tokens (servers only)",
                    value, created));
            notAfter = cert.notAfter();
        } else {
            notAfter = renewIfDue(spec, ca, now, renewed, updated);
        }
        return new ClusterSecrets(client.get().arn(), server.get().arn(), caKey.get().arn(), created, renewed,
                notAfter.toString(), updated);
    }

    /**
     * Re-issues the server certificate (same key pair, same tokens) when it expires within {@link #RENEW_BEFORE}, and
     * gives a server secret made before snapshots its {@code snapshot_token}; one PutSecretValue for both, every other
     * value kept as it is.
     */
    private Instant renewIfDue(ClusterSpec spec, ClusterCertificates.KeyAndCertificate ca, Instant now, List<String> renewed,
                               List<String> updated) {
        String name = SecretNames.server(spec.clusterName());
        JsonNode value = read(name, "server_cert", "server_key", "initial_management_token", "agent_token",
                "status_token", "operator_token");
        Instant notAfter = new ClusterCertificates.KeyAndCertificate(value.get("server_cert").asText(),
                value.get("server_key").asText()).notAfter();
        ObjectNode next = (ObjectNode) value.deepCopy();
        if (!value.path("snapshot_token").isTextual()) {
            next.put("snapshot_token", SecretMaterial.token(random));
            updated.add(name);
        }
        if (!notAfter.isAfter(now.plus(RENEW_BEFORE))) {
            ClusterCertificates.KeyAndCertificate cert = ClusterCertificates.newServerCertificate(ca, spec.datacenter(), now, random);
            next.put("server_cert", cert.certificatePem()).put("server_key", cert.privateKeyPem());
            renewed.add(name);
            notAfter = cert.notAfter();
        }
        if (!next.equals(value)) {
            call("secretsmanager:PutSecretValue", () -> secrets.putSecretValue(r -> r.secretId(name).secretString(text(next))));
        }
        return notAfter;
    }

    private Optional<DescribeSecretResponse> find(ClusterSpec spec, String name) {
        DescribeSecretResponse found;
        try {
            found = call("secretsmanager:DescribeSecret", () -> secrets.describeSecret(r -> r.secretId(name)));
        } catch (AwsServiceException e) {
            if (AwsErrors.hasCode(e, "ResourceNotFoundException")) {
                return Optional.empty();
            }
            throw e;
        }
        Map<String, String> tags = new java.util.HashMap<>();
        found.tags().forEach(t -> tags.put(t.key(), t.value()));
        if (!Tags.MANAGED_BY_VALUE.equals(tags.get(Tags.MANAGED_BY)) || !spec.clusterName().equals(tags.get(Tags.CLUSTER))) {
            throw new ResourceConflictException("the secret " + name + " exists but was not made by the factory for cluster "
                    + spec.clusterName() + " (it lacks the tags " + Tags.MANAGED_BY + "=" + Tags.MANAGED_BY_VALUE + " and "
                    + Tags.CLUSTER + "=" + spec.clusterName() + "); nothing was changed: remove it or rename the cluster");
        }
        if (found.deletedDate() != null) {
            call("secretsmanager:RestoreSecret", () -> secrets.restoreSecret(r -> r.secretId(name)));
        }
        return Optional.of(found);
    }

    private DescribeSecretResponse create(ClusterSpec spec, String name, String description, ObjectNode value, List<String> created) {
        List<Tag> tags = List.of(
                Tag.builder().key(Tags.CLUSTER).value(spec.clusterName()).build(),
                Tag.builder().key(Tags.MANAGED_BY).value(Tags.MANAGED_BY_VALUE).build());
        try {
            call("secretsmanager:CreateSecret", () -> secrets.createSecret(r -> r
                    .name(name).description(description).secretString(text(value)).tags(tags)));
        } catch (AwsServiceException e) {
            if (AwsErrors.hasCode(e, "ResourceExistsException")) {
                // Another invocation (a retry whose first answer was lost) made it first: run again and use that one.
                throw new RetryableAwsException("secretsmanager:CreateSecret: " + name + " was made meanwhile; "
                        + "the step runs again and uses it", e);
            }
            throw e;
        }
        created.add(name);
        return call("secretsmanager:DescribeSecret", () -> secrets.describeSecret(r -> r.secretId(name)));
    }

    private JsonNode read(String name, String... fields) {
        String text = call("secretsmanager:GetSecretValue", () -> secrets.getSecretValue(r -> r.secretId(name))).secretString();
        JsonNode value;
        try {
            value = text == null ? null : Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            value = null;
        }
        for (String field : fields) {
            if (value == null || !value.path(field).isTextual()) {
                // Never the value itself in the message: it goes to the execution's history.
                throw new ResourceConflictException("the secret " + name + " is not what the factory stored: its value is"
                        + " not a JSON object with the text field " + field);
            }
        }
        return value;
    }

    private static String text(ObjectNode value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
