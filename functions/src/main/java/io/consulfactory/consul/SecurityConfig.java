package io.consulfactory.consul;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consulfactory.lambda.Json;

/**
 * The server's {@code /opt/consul/consul.d/2-security.json} for a security stage (contract 14): what to verify
 * of gossip and TLS, and whether ACLs deny by default. It holds no secret; the gossip key and the tokens are in
 * {@code 3-secrets.json}, which the server writes at boot from Secrets Manager. A cluster made insecure by an
 * earlier release (stage 0) reaches {@link #FINAL_STAGE} by one rolling refresh per stage, which is HashiCorp's
 * way of securing a running datacenter:
 * <ul>
 *   <li>Gossip encryption: {@code encrypt_verify_incoming} / {@code encrypt_verify_outgoing} off, then outgoing,
 *       then both ("Enable gossip encryption on an existing datacenter",
 *       https://developer.hashicorp.com/consul/docs/security/encryption/gossip).</li>
 *   <li>TLS: {@code tls.defaults} (CA, certificate, key and {@code verify_incoming}/{@code verify_outgoing}),
 *       {@code tls.internal_rpc.verify_server_hostname}, and {@code tls.https.verify_incoming=false} so the
 *       API on 8501 takes clients without certificates ("Configure TLS on an existing datacenter",
 *       https://developer.hashicorp.com/consul/docs/security/encryption/mtls; the options:
 *       https://developer.hashicorp.com/consul/docs/agent/config/config-files#tls-configuration-reference).</li>
 *   <li>{@code auto_encrypt.allow_tls}: servers hand client agents their certificates, so clients need only the CA
 *       (https://developer.hashicorp.com/consul/docs/agent/config/config-files#auto_encrypt).</li>
 *   <li>ACLs: enabled with {@code default_policy=allow} while old servers may still run, {@code deny} at the end;
 *       tokens persisted, and {@code down_policy=extend-cache} keeps known tokens working while the leader is
 *       unreachable (https://developer.hashicorp.com/consul/docs/security/acl,
 *       https://developer.hashicorp.com/consul/docs/agent/config/config-files#acl).</li>
 * </ul>
 * Plain HTTP stays on 127.0.0.1:8500 for the server's own scripts (the join check and the status reporter);
 * anything from the network uses HTTPS on 8501.
 */
public final class SecurityConfig {

    /** The stage of every new cluster: everything verified, ACLs deny by default. */
    public static final int FINAL_STAGE = 3;

    static final String TLS_DIR = "/opt/consul/tls";

    private SecurityConfig() {
    }

    /** The file's content for {@code stage} 1..{@link #FINAL_STAGE}; the factory never publishes stage 0. */
    public static ObjectNode of(int stage) {
        if (stage < 1 || stage > FINAL_STAGE) {
            throw new IllegalArgumentException("security stage " + stage + " is not one of 1.." + FINAL_STAGE);
        }
        boolean outgoing = stage >= 2;
        boolean incoming = stage >= 3;
        ObjectNode config = Json.MAPPER.createObjectNode()
                .put("encrypt_verify_incoming", incoming)
                .put("encrypt_verify_outgoing", outgoing);
        config.putObject("addresses").put("http", "127.0.0.1");
        config.putObject("ports").put("http", 8500).put("https", 8501);
        ObjectNode tls = config.putObject("tls");
        tls.putObject("defaults")
                .put("ca_file", TLS_DIR + "/ca.pem")
                .put("cert_file", TLS_DIR + "/server.pem")
                .put("key_file", TLS_DIR + "/server-key.pem")
                .put("verify_incoming", incoming)
                .put("verify_outgoing", outgoing);
        tls.putObject("internal_rpc").put("verify_server_hostname", outgoing);
        tls.putObject("https").put("verify_incoming", false);
        config.putObject("auto_encrypt").put("allow_tls", true);
        config.putObject("acl")
                .put("enabled", true)
                .put("default_policy", incoming ? "deny" : "allow")
                .put("enable_token_persistence", true)
                .put("down_policy", "extend-cache");
        return config;
    }

    /** The file's text, as boot.sh writes it. */
    public static String render(int stage) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(of(stage)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
