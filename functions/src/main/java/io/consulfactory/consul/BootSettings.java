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
 */
public record BootSettings(String region, String clientSecretId, String serverSecretId, int securityStage) {

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z0-9]+)+");
    /** A secret's name or ARN: Secrets Manager allows letters, digits and /_+=.@- in names (ARNs add ':'). */
    private static final Pattern SECRET_ID = Pattern.compile("[A-Za-z0-9/_+=.@:-]{1,2048}");

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
    }

    /** A cluster at the final stage, reading the secrets named after it. */
    public static BootSettings secured(String region, String clusterName) {
        return new BootSettings(region, SecretNames.client(clusterName), SecretNames.server(clusterName), SecurityConfig.FINAL_STAGE);
    }
}
