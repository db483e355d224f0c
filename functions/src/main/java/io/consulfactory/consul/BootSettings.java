package io.consulfactory.consul;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a cluster's boot script is rendered with: where its servers read their secrets, and the security stage
 * (1..{@link SecurityConfig#FINAL_STAGE}) their Consul runs at.
 *
 * @param region         the cluster's region, for Secrets Manager's endpoint and the signature's scope
 * @param clientSecretId the {@link SecretNames#client} secret (name or ARN)
 * @param serverSecretId the {@link SecretNames#server} secret (name or ARN)
 * @param securityStage  1..{@link SecurityConfig#FINAL_STAGE}
 * @param snapshotBucket the stack's snapshot bucket, where the leader uploads its snapshots ({@code ""}: none, the
 *                       servers then save none)
 */
public record BootSettings(String region, String clientSecretId, String serverSecretId, int securityStage,
                           String snapshotBucket) {

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z0-9]+)+");
    /** A secret's name or ARN: Secrets Manager allows letters, digits and /_+=.@- in names (ARNs add ':'). */
    private static final Pattern SECRET_ID = Pattern.compile("[A-Za-z0-9/_+=.@:-]{1,2048}");
    /** S3's rules for a general purpose bucket's name: 3-63 of a-z 0-9 . -, starting and ending with a letter or digit
     * (docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html). */
    public static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public BootSettings {
        Objects.requireNonNull(region, "region");
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("'" + region + "' is not an AWS region name");
        }
        for (String id : new String[]{clientSecretId, serverSecretId}) {
            if (id == null || !SECRET_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("'" + id + "' is not a Secrets Manager secret name or ARN");
            }
        }
        SecurityConfig.of(securityStage); // refuses a stage outside 1..3
        Objects.requireNonNull(snapshotBucket, "snapshotBucket");
        if (!snapshotBucket.isEmpty() && !BUCKET.matcher(snapshotBucket).matches()) {
            throw new IllegalArgumentException("'" + snapshotBucket + "' is not an S3 bucket name");
        }
    }

    /** A cluster at the final stage, reading the secrets named after it, saving no snapshots. */
    public static BootSettings secured(String region, String clusterName) {
        return secured(region, clusterName, "");
    }

    /** A cluster at the final stage, reading the secrets named after it, its leader saving snapshots to {@code snapshotBucket}. */
    public static BootSettings secured(String region, String clusterName, String snapshotBucket) {
        return new BootSettings(region, SecretNames.client(clusterName), SecretNames.server(clusterName), SecurityConfig.FINAL_STAGE,
                snapshotBucket);
    }
}
