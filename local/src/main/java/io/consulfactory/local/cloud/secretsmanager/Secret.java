package io.consulfactory.local.cloud.secretsmanager;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One secret: its name, ARN, metadata, tags and versions, and its lifecycle (active, or scheduled for deletion until
 * a date). The staging-label rules are PutSecretValue's API reference
 * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html): a new version gets {@code AWSCURRENT} unless
 * other labels are asked for; a label moves from whichever version had it; when {@code AWSCURRENT} moves, the version
 * it left gets {@code AWSPREVIOUS}.
 *
 * <p>Simplifications: the value is kept in plain text (no KMS: {@link #kmsKeyId()} is only recorded); no rotation
 * (no {@code AWSPENDING} made by a rotation Lambda), no resource policy, no replication to other Regions.
 */
public final class Secret {

    public static final String AWSCURRENT = "AWSCURRENT";
    public static final String AWSPREVIOUS = "AWSPREVIOUS";
    /** The key a secret is encrypted with when CreateSecret names none: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html (KmsKeyId). */
    public static final String AWS_MANAGED_KEY = "alias/aws/secretsmanager";
    /** "Maximum number of tags per secret: 50": https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_TagResource.html */
    static final int MAX_TAGS = 50;
    /** Versions per secret: https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html */
    static final int MAX_VERSIONS = 100;
    /** "Secrets Manager keeps all secret versions created in the last 24 hours": https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html */
    private static final Duration KEPT_VERSIONS = Duration.ofHours(24);

    private final String name;
    private final String arn;
    private final Instant createdDate;
    private final String kmsKeyId;
    private String description;
    private Instant lastChangedDate;
    private Instant lastAccessedDate;
    private Instant deletionDate;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private final Map<String, SecretVersion> versions = new LinkedHashMap<>();

    Secret(String name, String arn, String description, String kmsKeyId, Instant createdDate) {
        this.name = name;
        this.arn = arn;
        this.description = description;
        // The AWS managed key named by alias (or alias ARN) is the default key: recorded as no customer key.
        this.kmsKeyId = kmsKeyId == null || kmsKeyId.equals(AWS_MANAGED_KEY) || kmsKeyId.endsWith(":" + AWS_MANAGED_KEY)
                ? null : kmsKeyId;
        this.createdDate = createdDate;
        this.lastChangedDate = createdDate;
    }

    public String name() {
        return name;
    }

    public String arn() {
        return arn;
    }

    /** The ARN without its 6-character random suffix: a "partial ARN" SecretId names the secret too. */
    String partialArn() {
        return arn.substring(0, arn.length() - 7);
    }

    public Optional<String> description() {
        return Optional.ofNullable(description);
    }

    /** The KMS key the value is encrypted with: the AWS managed key unless CreateSecret named another. */
    public String kmsKeyId() {
        return kmsKeyId == null ? AWS_MANAGED_KEY : kmsKeyId;
    }

    /**
     * The customer managed key, if CreateSecret named one. DescribeSecret shows only this: AWS omits KmsKeyId for a
     * secret encrypted with {@code aws/secretsmanager}.
     */
    public Optional<String> customerKmsKeyId() {
        return Optional.ofNullable(kmsKeyId);
    }

    public Instant createdDate() {
        return createdDate;
    }

    public Instant lastChangedDate() {
        return lastChangedDate;
    }

    /** "The date that the secret was last accessed in the Region. This field is omitted if the secret has never been retrieved": a date, no time. */
    public Optional<Instant> lastAccessedDate() {
        return Optional.ofNullable(lastAccessedDate);
    }

    /** When a secret scheduled for deletion goes for good; empty while the secret is active. */
    public Optional<Instant> deletionDate() {
        return Optional.ofNullable(deletionDate);
    }

    public boolean scheduledForDeletion() {
        return deletionDate != null;
    }

    public Map<String, String> tags() {
        return Collections.unmodifiableMap(tags);
    }

    /** Every version, oldest first. */
    public List<SecretVersion> versions() {
        return List.copyOf(versions.values());
    }

    public Optional<SecretVersion> version(String versionId) {
        return Optional.ofNullable(versions.get(versionId));
    }

    public Optional<SecretVersion> versionWithStage(String stage) {
        return versions.values().stream().filter(v -> v.mutableStages().contains(stage)).findFirst();
    }

    /** The versions that carry a label, with their labels (DescribeSecret's VersionIdsToStages). */
    public Map<String, List<String>> versionIdsToStages() {
        Map<String, List<String>> labelled = new LinkedHashMap<>();
        versions.values().stream().filter(v -> !v.mutableStages().isEmpty())
                .forEach(v -> labelled.put(v.versionId(), v.stages()));
        return labelled;
    }

    void describe(String description, Instant now) {
        this.description = description;
        this.lastChangedDate = now;
    }

    void accessed(Instant now) {
        // "This value is truncated to midnight of the date and therefore shows only the date, not the time."
        lastAccessedDate = now.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
    }

    void tag(Map<String, String> more, Instant now) {
        Map<String, String> merged = new LinkedHashMap<>(tags);
        merged.putAll(more);
        if (merged.size() > MAX_TAGS) {
            throw SecretsManagerErrors.tooManyTags();
        }
        tags.clear();
        tags.putAll(merged);
        lastChangedDate = now;
    }

    void untag(List<String> keys, Instant now) {
        keys.forEach(tags::remove);
        lastChangedDate = now;
    }

    /**
     * Adds a version with the given labels, moving each label from the version that had it, and AWSPREVIOUS to the
     * version AWSCURRENT left. Versions left without a label are removed once more than {@link #MAX_VERSIONS} exist,
     * oldest first, but never one from the last 24 hours; with no room left the call is refused.
     */
    SecretVersion addVersion(String versionId, String string, byte[] binary, List<String> stages, Instant now) {
        prune(now);
        if (versions.size() >= MAX_VERSIONS) {
            throw SecretsManagerErrors.tooManyVersions(name);
        }
        SecretVersion added = new SecretVersion(versionId, string, binary, now);
        SecretVersion previousCurrent = versionWithStage(AWSCURRENT).orElse(null);
        for (String stage : stages) {
            versions.values().forEach(v -> v.mutableStages().remove(stage));
        }
        if (stages.contains(AWSCURRENT) && previousCurrent != null) {
            versions.values().forEach(v -> v.mutableStages().remove(AWSPREVIOUS));
            previousCurrent.mutableStages().add(AWSPREVIOUS);
        }
        added.mutableStages().addAll(stages);
        versions.put(versionId, added);
        lastChangedDate = now;
        return added;
    }

    private void prune(Instant now) {
        List<SecretVersion> removable = new ArrayList<>();
        for (SecretVersion v : versions.values()) {
            if (v.mutableStages().isEmpty() && v.createdDate().plus(KEPT_VERSIONS).isBefore(now)) {
                removable.add(v);
            }
        }
        int excess = versions.size() + 1 - MAX_VERSIONS;
        for (int i = 0; i < removable.size() && i < excess; i++) {
            versions.remove(removable.get(i).versionId());
        }
    }

    void scheduleDeletion(Instant when, Instant now) {
        deletionDate = when;
        lastChangedDate = now;
    }

    void restore(Instant now) {
        deletionDate = null;
        lastChangedDate = now;
    }
}
