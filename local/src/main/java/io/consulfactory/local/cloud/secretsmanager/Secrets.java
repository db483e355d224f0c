package io.consulfactory.local.cloud.secretsmanager;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The account's secrets and what the operations do to them, apart from how they travel on the wire
 * ({@link SecretsManagerWire}). Every rule cites the operation's API reference page
 * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_&lt;Operation&gt;.html).
 *
 * <p>Simplification: one set of secrets for the account, whatever the Region a call is signed for (the factory
 * works in one Region); a secret's ARN carries the Region it was created in.
 */
final class Secrets {

    /** DeleteSecret: "If you don't use either, then by default Secrets Manager uses a 30 day recovery window." */
    static final int DEFAULT_RECOVERY_DAYS = 30;
    private static final String SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final String accountId;
    /** By name: a name is unique in the account (CreateSecret: ResourceExistsException). */
    private final Map<String, Secret> byName = new LinkedHashMap<>();
    private Random random = new Random(42);

    Secrets(String accountId) {
        this.accountId = accountId;
    }

    void reset() {
        byName.clear();
        random = new Random(42);
    }

    /** What CreateSecret asks for; {@code string}/{@code binary} both null for a secret without a version. */
    record NewSecret(String name, String clientRequestToken, String description, String kmsKeyId, String string,
                     byte[] binary, Map<String, String> tags) {
    }

    /** The secret and the version a call made or found ({@code null} when it has none). */
    record Result(Secret secret, SecretVersion version) {
    }

    /**
     * CreateSecret. A name in its recovery window is refused (InvalidRequestException); an existing name is a retry
     * only when the ClientRequestToken names its version with the same value ("the request is ignored"), else
     * ResourceExistsException.
     */
    Result create(NewSecret request, String region, Instant now) {
        if (request.string() != null && request.binary() != null) {
            throw SecretsManagerErrors.bothValues();
        }
        Secret existing = byName.get(request.name());
        if (existing != null) {
            if (existing.scheduledForDeletion()) {
                throw SecretsManagerErrors.nameScheduledForDeletion();
            }
            SecretVersion same = request.clientRequestToken() == null ? null
                    : existing.version(request.clientRequestToken()).orElse(null);
            if (same == null) {
                throw SecretsManagerErrors.secretExists(request.name());
            }
            if (!same.sameValue(request.string(), request.binary())) {
                throw SecretsManagerErrors.versionExists(same.versionId());
            }
            return new Result(existing, same);
        }
        Secret secret = new Secret(request.name(), arn(region, request.name()), request.description(),
                request.kmsKeyId(), now);
        if (!request.tags().isEmpty()) {
            secret.tag(request.tags(), now);
        }
        SecretVersion version = null;
        if (request.string() != null || request.binary() != null) {
            // "If you include SecretString or SecretBinary then Secrets Manager creates an initial secret version
            // and automatically attaches the staging label AWSCURRENT to it."
            version = secret.addVersion(versionId(request.clientRequestToken()), request.string(), request.binary(),
                    List.of(Secret.AWSCURRENT), now);
        }
        byName.put(secret.name(), secret);
        return new Result(secret, version);
    }

    /**
     * The secret a SecretId names: its name, its full ARN, or its ARN without the random suffix (a "partial ARN";
     * GetSecretValue's API reference, SecretId). Secrets scheduled for deletion are found too.
     */
    Optional<Secret> find(String secretId) {
        if (secretId == null) {
            return Optional.empty();
        }
        if (secretId.startsWith("arn:")) {
            return byName.values().stream()
                    .filter(s -> s.arn().equals(secretId) || s.partialArn().equals(secretId)).findFirst();
        }
        return Optional.ofNullable(byName.get(secretId));
    }

    Secret require(String secretId) {
        return find(secretId).orElseThrow(SecretsManagerErrors::secretNotFound);
    }

    /** As {@link #require}, for the operations AWS refuses on a secret scheduled for deletion. */
    Secret requireActive(String secretId) {
        Secret secret = require(secretId);
        if (secret.scheduledForDeletion()) {
            throw SecretsManagerErrors.markedForDeletion();
        }
        return secret;
    }

    /**
     * GetSecretValue: the version by VersionId, or by VersionStage (AWSCURRENT when neither is given); both given
     * must agree. Marks the secret accessed.
     */
    Result value(String secretId, String versionId, String stage, Instant now) {
        Secret secret = requireActive(secretId);
        SecretVersion version;
        if (versionId != null) {
            version = secret.version(versionId).orElseThrow(() -> SecretsManagerErrors.noValueForVersion(versionId));
            if (stage != null && !version.stages().contains(stage)) {
                throw SecretsManagerErrors.stageNotOnVersion();
            }
        } else {
            String wanted = stage == null ? Secret.AWSCURRENT : stage;
            version = secret.versionWithStage(wanted).orElseThrow(() -> SecretsManagerErrors.noValueForStage(wanted));
        }
        secret.accessed(now);
        return new Result(secret, version);
    }

    /**
     * PutSecretValue: a new version, labelled AWSCURRENT unless VersionStages says otherwise. A ClientRequestToken
     * that names an existing version is a retry when the value is the same (nothing changes), else
     * ResourceExistsException.
     */
    Result put(String secretId, String clientRequestToken, String string, byte[] binary, List<String> stages,
               Instant now) {
        Secret secret = requireActive(secretId);
        if (string != null && binary != null) {
            throw SecretsManagerErrors.bothValues();
        }
        if (string == null && binary == null) {
            throw SecretsManagerErrors.noValue();
        }
        if (clientRequestToken != null) {
            SecretVersion same = secret.version(clientRequestToken).orElse(null);
            if (same != null) {
                if (!same.sameValue(string, binary)) {
                    throw SecretsManagerErrors.versionExists(same.versionId());
                }
                return new Result(secret, same);
            }
        }
        List<String> labels = stages == null || stages.isEmpty() ? List.of(Secret.AWSCURRENT) : stages;
        return new Result(secret, secret.addVersion(versionId(clientRequestToken), string, binary, labels, now));
    }

    /** The secrets that pass every predicate, oldest first (or newest first), for ListSecrets to page through. */
    List<Secret> list(Predicate<Secret> filter, boolean includePlannedDeletion, boolean newestFirst) {
        Comparator<Secret> order = Comparator.comparing(Secret::createdDate).thenComparing(Secret::name);
        List<Secret> found = new ArrayList<>(byName.values().stream()
                .filter(s -> includePlannedDeletion || !s.scheduledForDeletion())
                .filter(filter).sorted(newestFirst ? order.reversed() : order).toList());
        return found;
    }

    void tag(String secretId, Map<String, String> tags, Instant now) {
        requireActive(secretId).tag(tags, now);
    }

    void untag(String secretId, List<String> keys, Instant now) {
        requireActive(secretId).untag(keys, now);
    }

    /** What DeleteSecret answers: the secret's name and ARN and when it goes. */
    record Deletion(String name, String arn, Instant deletionDate) {
    }

    /**
     * DeleteSecret: scheduled after a recovery window (7-30 days, default 30), or at once with
     * ForceDeleteWithoutRecovery, which also "does not return ResourceNotFoundException" for a secret that is
     * already deleted or never existed. A secret already scheduled is refused unless forced.
     */
    Deletion delete(String secretId, Integer recoveryWindowInDays, boolean force, String region, Instant now) {
        if (force && recoveryWindowInDays != null) {
            throw SecretsManagerErrors.forceAndWindow();
        }
        if (recoveryWindowInDays != null && (recoveryWindowInDays < 7 || recoveryWindowInDays > 30)) {
            throw SecretsManagerErrors.recoveryWindow();
        }
        Secret secret = force ? find(secretId).orElse(null) : require(secretId);
        if (secret == null) {
            // Our choice of answer for a secret that does not exist: its name (or ARN) as given, deleted now.
            String name = secretId.startsWith("arn:") ? secretId.substring(secretId.lastIndexOf(':') + 1) : secretId;
            return new Deletion(name, secretId.startsWith("arn:") ? secretId : arn(region, name), now);
        }
        if (force) {
            byName.remove(secret.name());
            return new Deletion(secret.name(), secret.arn(), now);
        }
        if (secret.scheduledForDeletion()) {
            throw SecretsManagerErrors.markedForDeletion();
        }
        int days = recoveryWindowInDays == null ? DEFAULT_RECOVERY_DAYS : recoveryWindowInDays;
        Instant when = now.plus(Duration.ofDays(days));
        secret.scheduleDeletion(when, now);
        return new Deletion(secret.name(), secret.arn(), when);
    }

    /** RestoreSecret: "Cancels the scheduled deletion of a secret by removing the DeletedDate time stamp." */
    Secret restore(String secretId, Instant now) {
        Secret secret = require(secretId);
        secret.restore(now);
        return secret;
    }

    /** "At the end of the recovery window, Secrets Manager deletes the secret permanently" (DeleteSecret). */
    void advanceTo(Instant now) {
        byName.values().removeIf(s -> s.deletionDate().map(d -> !d.isAfter(now)).orElse(false));
    }

    /**
     * {@code arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 random characters>}: "Secrets Manager
     * automatically adds a hyphen and six random characters after the secret name at the end of the ARN"
     * (CreateSecret's API reference, Name).
     */
    private String arn(String region, String name) {
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            suffix.append(SUFFIX_ALPHABET.charAt(random.nextInt(SUFFIX_ALPHABET.length())));
        }
        return "arn:aws:secretsmanager:" + region + ":" + accountId + ":secret:" + name + "-" + suffix;
    }

    /** The ClientRequestToken becomes the VersionId; without one (a raw HTTP caller) the service makes a UUID. */
    private String versionId(String clientRequestToken) {
        return clientRequestToken != null ? clientRequestToken : UUID.randomUUID().toString();
    }
}
