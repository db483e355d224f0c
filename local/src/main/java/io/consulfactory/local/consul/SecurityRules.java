package io.consulfactory.local.consul;

/**
 * Whether one server's traffic is accepted by another, given both servers' security: the rule of the model's
 * network above the security groups. Each method answers {@code null} when the receiver accepts what the
 * sender sends, else the receiver's (or sender's) reason, in the words of the error the real agent logs.
 *
 * <ul>
 *   <li>LAN gossip (serf over memberlist, 8301): the sender encrypts iff it has a key and
 *       {@code encrypt_verify_outgoing}; the receiver decrypts iff it holds the same key, and takes plaintext iff
 *       it has no key or not {@code encrypt_verify_incoming}. memberlist's {@code GossipVerifyIncoming} /
 *       {@code GossipVerifyOutgoing} "control whether to enforce encryption for incoming/outgoing gossip. [They
 *       are] used for upshifting from unencrypted to encrypted gossip on a running cluster"
 *       (github.com/hashicorp/memberlist config.go); Consul maps {@code encrypt_verify_incoming/_outgoing} onto
 *       them for the rolling upgrade of developer.hashicorp.com/consul/docs/security/encryption/gossip ("Enable
 *       gossip encryption on an existing datacenter": key with both false, then outgoing, then incoming).</li>
 *   <li>Server RPC and raft (8300): with {@code verify_outgoing} the sender speaks TLS, so the receiver needs a
 *       certificate, which must chain to the sender's CA ({@code verify_server_hostname} also wants
 *       {@code server.<dc>.consul}, which the factory's certificates always are); with {@code verify_incoming}
 *       on the receiver the sender must present a certificate from the receiver's CA. Without
 *       {@code verify_outgoing} the sender speaks plaintext, which the receiver takes only without
 *       {@code verify_incoming} (developer.hashicorp.com/consul/docs/security/encryption/mtls, "Configure TLS on an
 *       existing datacenter": certificates with both false, then verify_outgoing and verify_server_hostname, then
 *       verify_incoming).</li>
 * </ul>
 * Two servers gossip (or speak RPC) with each other only if it works both ways: memberlist probes and acks,
 * raft sends AppendEntries and gets replies. So the factory's stages 0→1→2→3 each interoperate with the next,
 * and a stage-0 server with a stage-3 one does not.
 */
final class SecurityRules {

    private SecurityRules() {
    }

    /** Why {@code to} refuses {@code from}'s gossip, or {@code null} when it takes it. */
    static String gossipRefusal(ServerSecurity from, ServerSecurity to) {
        boolean encrypted = from.gossipKey() != null && from.encryptVerifyOutgoing();
        if (encrypted) {
            if (to.gossipKey() == null) {
                return "encrypted gossip reached a server without a gossip key";
            }
            if (!to.gossipKey().equals(from.gossipKey())) {
                return "No installed keys could decrypt the message"; // memberlist security.go
            }
            return null;
        }
        if (to.gossipKey() != null && to.encryptVerifyIncoming()) {
            return "plaintext gossip refused: encrypt_verify_incoming is on";
        }
        return null;
    }

    /** Why {@code from}'s RPC connection to {@code to} fails, or {@code null} when it works. */
    static String rpcRefusal(ServerSecurity from, ServerSecurity to) {
        if (from.verifyOutgoing()) {
            if (!to.hasCertificate()) {
                return "TLS to a server without a certificate";
            }
            if (!to.certCaId().equals(from.caId())) {
                return "x509: certificate signed by unknown authority";
            }
            if (to.verifyIncoming() && (!from.hasCertificate() || !from.certCaId().equals(to.caId()))) {
                return "remote error: tls: bad certificate";
            }
            return null;
        }
        if (to.verifyIncoming()) {
            return "plaintext RPC refused: verify_incoming is on";
        }
        return null;
    }

    /** LAN gossip works both ways. */
    static boolean gossip(ServerSecurity a, ServerSecurity b) {
        return gossipRefusal(a, b) == null && gossipRefusal(b, a) == null;
    }

    /** Server RPC (raft included) works both ways. */
    static boolean rpc(ServerSecurity a, ServerSecurity b) {
        return rpcRefusal(a, b) == null && rpcRefusal(b, a) == null;
    }
}
