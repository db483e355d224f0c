package io.consulfactory.local.consul;

/**
 * A read-only look at one server's security, never its secrets: the flags its config holds and short
 * fingerprints of its gossip key and CA.
 *
 * @param stage                {@code SECURITY_STAGE} of its boot user data; 0 for a boot script without security
 * @param gossip               as the console's {@code gossip=}: {@code verified}, {@code on} or {@code off}
 * @param tls                  as {@code tls=}: {@code verified}, {@code on} or {@code off}
 * @param acl                  as {@code acl=}: {@code deny}, {@code allow} or {@code off}
 * @param gossipKeyFingerprint {@code sha256:<12 hex>} of the gossip key, or {@code null} without one
 * @param caFingerprint        {@code sha256:<12 hex>} of the CA's PEM body, or {@code null} without TLS
 */
public record SecurityView(int stage, String gossip, String tls, String acl, boolean encryptVerifyIncoming,
                           boolean encryptVerifyOutgoing, boolean verifyIncoming, boolean verifyOutgoing,
                           boolean verifyServerHostname, String gossipKeyFingerprint, String caFingerprint) {
}
