package io.consulfactory.local.cloud.secretsmanager;

import com.fasterxml.jackson.databind.JsonNode;
import io.consulfactory.local.cloud.AwsRequest;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.LocalService;
import io.consulfactory.local.cloud.Protocol;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * AWS Secrets Manager (JSON 1.1, target prefix {@code secretsmanager}, signing name {@code secretsmanager}):
 * CreateSecret, GetSecretValue, DescribeSecret, PutSecretValue, ListSecrets, TagResource, UntagResource,
 * DeleteSecret, RestoreSecret. The doorway only: {@link SecretsManagerWire} reads and writes the wire,
 * {@link Secrets} holds the state and its rules, {@link SecretsManagerErrors} names the errors.
 *
 * <p>Simplifications (said again where they apply): no real KMS (the key is recorded, the value kept in plain text),
 * no resource policies (every caller may call every operation; IAM is not evaluated), no rotation (no rotation
 * Lambdas, RotateSecret is not served), no replication. Requests signed with an access key registered with
 * {@link LocalAws#registerCredentials} have their SigV4 signature checked ({@link #verifiesSignatures()}).
 */
public final class SecretsManagerService implements LocalService {

    private final LocalAws aws;
    private final Secrets secrets = new Secrets(LocalAws.ACCOUNT_ID);

    public SecretsManagerService(LocalAws aws) {
        this.aws = aws;
    }

    @Override
    public String signingName() {
        return "secretsmanager";
    }

    @Override
    public Protocol protocol() {
        return Protocol.AWS_JSON;
    }

    @Override
    public String targetPrefix() {
        return "secretsmanager";
    }

    /** Secrets are what a forged request would be after: this service checks signatures of registered keys. */
    @Override
    public boolean verifiesSignatures() {
        return true;
    }

    @Override
    public void reset() {
        secrets.reset();
    }

    @Override
    public void advanceTo(Instant now) {
        secrets.advanceTo(now);
    }

    /**
     * The AWSCURRENT SecretString of the secret a name, ARN or partial ARN names, for the local code that reads
     * secrets the way a node would (the Consul model). Empty if there is no such secret, it is scheduled for
     * deletion, or its current version is binary. Does not count as an access (LastAccessedDate).
     */
    public Optional<String> currentSecretString(String secretIdOrArnOrName) {
        synchronized (aws) {
            return secrets.find(secretIdOrArnOrName).filter(s -> !s.scheduledForDeletion())
                    .flatMap(s -> s.versionWithStage(Secret.AWSCURRENT)).flatMap(SecretVersion::secretString);
        }
    }

    /** The secret a name, ARN or partial ARN names (also one scheduled for deletion), for tests and local code. */
    public Optional<Secret> secret(String secretIdOrArnOrName) {
        synchronized (aws) {
            return secrets.find(secretIdOrArnOrName);
        }
    }

    @Override
    public Object handle(AwsRequest request) {
        JsonNode json = request.json();
        Instant now = aws.now();
        return switch (request.action()) {
            case "CreateSecret" -> SecretsManagerWire.created(
                    secrets.create(SecretsManagerWire.newSecret(json), request.region(), now));
            case "GetSecretValue" -> SecretsManagerWire.value(secrets.value(SecretsManagerWire.secretId(json),
                    SecretsManagerWire.text(json, "VersionId"), SecretsManagerWire.text(json, "VersionStage"), now));
            case "DescribeSecret" -> SecretsManagerWire.described(secrets.require(SecretsManagerWire.secretId(json)));
            case "PutSecretValue" -> SecretsManagerWire.put(secrets.put(SecretsManagerWire.secretId(json),
                    SecretsManagerWire.clientRequestToken(json), SecretsManagerWire.secretString(json),
                    SecretsManagerWire.secretBinary(json), SecretsManagerWire.strings(json.path("VersionStages")), now));
            case "ListSecrets" -> SecretsManagerWire.listed(secrets.list(SecretsManagerWire.filters(json.path("Filters")),
                            json.path("IncludePlannedDeletion").asBoolean(false),
                            "desc".equals(SecretsManagerWire.text(json, "SortOrder"))),
                    SecretsManagerWire.offset(json), SecretsManagerWire.maxResults(json));
            case "TagResource" -> {
                secrets.tag(SecretsManagerWire.secretId(json), SecretsManagerWire.tags(json.path("Tags")), now);
                yield Map.of();
            }
            case "UntagResource" -> {
                secrets.untag(SecretsManagerWire.secretId(json), SecretsManagerWire.strings(json.path("TagKeys")), now);
                yield Map.of();
            }
            case "DeleteSecret" -> SecretsManagerWire.deleted(secrets.delete(SecretsManagerWire.secretId(json),
                    SecretsManagerWire.integer(json, "RecoveryWindowInDays"),
                    json.path("ForceDeleteWithoutRecovery").asBoolean(false), request.region(), now));
            case "RestoreSecret" -> SecretsManagerWire.restored(secrets.restore(SecretsManagerWire.secretId(json), now));
            default -> throw SecretsManagerErrors.unknownOperation(request.action());
        };
    }
}
