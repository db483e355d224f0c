package io.consulfactory.secrets;

import java.util.List;

/**
 * Where a cluster's secrets live, for the execution's output ({@code $.secrets}): names and ARNs only, never a
 * value. Servers read {@code client} and {@code server} at boot; clients may read {@code client} (the gossip key
 * and the CA certificate); {@code caKey} is read by nothing but {@link EnsureClusterSecrets}.
 *
 * @param created                   the secrets this run made (empty when the cluster's secrets existed)
 * @param serverCertificateNotAfter when the server certificate in {@code server} expires (ISO-8601)
 * @param updated                   the secrets this run gave a value they lacked (a server secret made before snapshots
 *                                  gains {@code snapshot_token}), every other value kept
 */
public record ClusterSecrets(String clientSecretArn, String serverSecretArn, String caKeySecretArn,
                             List<String> created, List<String> renewed, String serverCertificateNotAfter,
                             List<String> updated) {
}
