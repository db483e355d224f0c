package io.consulfactory.local.cloud.secretsmanager;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * One version of a secret: its value (a string or bytes, never both) and the staging labels on it. The value
 * never changes (API reference, PutSecretValue: "you can't modify an existing version"); the labels move.
 * A version without labels is deprecated (DescribeSecret, VersionIdsToStages) and is eventually removed.
 */
public final class SecretVersion {

    private final String versionId;
    private final String secretString;
    private final byte[] secretBinary;
    private final Instant createdDate;
    private final Set<String> stages = new LinkedHashSet<>();

    SecretVersion(String versionId, String secretString, byte[] secretBinary, Instant createdDate) {
        this.versionId = versionId;
        this.secretString = secretString;
        this.secretBinary = secretBinary == null ? null : secretBinary.clone();
        this.createdDate = createdDate;
    }

    public String versionId() {
        return versionId;
    }

    public Optional<String> secretString() {
        return Optional.ofNullable(secretString);
    }

    public Optional<byte[]> secretBinary() {
        return Optional.ofNullable(secretBinary).map(byte[]::clone);
    }

    public Instant createdDate() {
        return createdDate;
    }

    /** The staging labels, in the order they were attached. */
    public java.util.List<String> stages() {
        return java.util.List.copyOf(stages);
    }

    Set<String> mutableStages() {
        return stages;
    }

    /** Whether a retry with this value is the same request (the idempotency rule of ClientRequestToken). */
    boolean sameValue(String string, byte[] binary) {
        return java.util.Objects.equals(secretString, string) && Arrays.equals(secretBinary, binary);
    }
}
