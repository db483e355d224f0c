package io.consulfactory.local.consul;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The issue-14 contract's pieces as a test writes them: the boot user data's security assignments with the
 * contract's {@code 2-security.json} per stage, and the cluster's two secrets. Certificates are distinct fake PEM
 * texts: the model identifies a CA by its PEM body's hash (see {@link ServerSecurity}).
 */
final class SecurityFixtures {

    private SecurityFixtures() {
    }

    /** The contract's {@code 2-security.json} for a stage from 1 to 3, exactly as its table sets the flags. */
    static String securityJson(int stage) {
        boolean gossipOut = stage >= 2;
        boolean gossipIn = stage >= 3;
        boolean tlsOut = stage >= 2;
        boolean tlsIn = stage >= 3;
        boolean hostname = stage >= 2;
        return "{\"encrypt_verify_incoming\": " + gossipIn + ", \"encrypt_verify_outgoing\": " + gossipOut + ","
                + " \"addresses\": {\"http\": \"127.0.0.1\"}, \"ports\": {\"http\": 8500, \"https\": 8501},"
                + " \"tls\": {\"defaults\": {\"ca_file\": \"/opt/consul/tls/ca.pem\", \"cert_file\": \"/opt/consul/tls/server.pem\","
                + " \"key_file\": \"/opt/consul/tls/server-key.pem\", \"verify_incoming\": " + tlsIn + ", \"verify_outgoing\": " + tlsOut + "},"
                + " \"internal_rpc\": {\"verify_server_hostname\": " + hostname + "}, \"https\": {\"verify_incoming\": false}},"
                + " \"auto_encrypt\": {\"allow_tls\": true},"
                + " \"acl\": {\"enabled\": true, \"default_policy\": \"" + (stage >= 3 ? "deny" : "allow") + "\","
                + " \"enable_token_persistence\": true, \"down_policy\": \"extend-cache\"}}";
    }

    /** The shell assignments boot.sh's placeholders become in the user data (the contract's form). */
    static String assignments(int stage, String cluster) {
        return assignments(stage, "consul-cluster-factory/" + cluster + "/client", "consul-cluster-factory/" + cluster + "/server");
    }

    static String assignments(int stage, String clientSecretId, String serverSecretId) {
        return "SECURITY_STAGE='" + stage + "'\n"
                + "SECURITY_CONFIG_B64='" + Base64.getEncoder().encodeToString(securityJson(stage).getBytes(StandardCharsets.UTF_8)) + "'\n"
                + "CLIENT_SECRET_ID='" + clientSecretId + "'\n"
                + "SERVER_SECRET_ID='" + serverSecretId + "'\n";
    }

    /** A boot script with the assignments put where boot.sh's placeholders are: near its top, after the shebang. */
    static String withSecurity(String bootScript, String assignments) {
        int line = bootScript.indexOf('\n') + 1;
        return bootScript.substring(0, line) + assignments + bootScript.substring(line);
    }

    /** A 32-byte gossip key, base64, different for each name. */
    static String gossipKey(String name) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(("gossip-" + name).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fake PEM: distinct text per name. */
    static String pem(String type, String name) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getEncoder().encodeToString(("fake " + type + " " + name).getBytes(StandardCharsets.UTF_8))
                + "\n-----END " + type + "-----\n";
    }

    static String token(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    static String clientSecret(String key, String ca) {
        return "{\"gossip_key\": \"" + key + "\", \"ca_cert\": " + json(pem("CERTIFICATE", ca)) + "}";
    }

    /** The server secret of a cluster whose tokens are named after {@code tokens}, its certificate signed by {@code ca}. */
    static String serverSecret(String ca, String tokens) {
        return "{\"server_cert\": " + json(pem("CERTIFICATE", "server.dc1.consul by " + ca)) + ", \"server_key\": "
                + json(pem("PRIVATE KEY", ca)) + ", \"initial_management_token\": \"" + token(tokens + "/management")
                + "\", \"agent_token\": \"" + token(tokens + "/agent") + "\", \"status_token\": \"" + token(tokens + "/status")
                + "\", \"operator_token\": \"" + token(tokens + "/operator") + "\"}";
    }

    private static String json(String text) {
        return "\"" + text.replace("\n", "\\n") + "\"";
    }

    /** Secrets Manager as a map of secret name to SecretString. */
    static final class Secrets implements SecretReader {
        final Map<String, String> byName = new HashMap<>();

        /** Both secrets of a cluster: its key, its CA and the tokens named after it. */
        Secrets cluster(String cluster, String key, String ca) {
            byName.put("consul-cluster-factory/" + cluster + "/client", clientSecret(key, ca));
            byName.put("consul-cluster-factory/" + cluster + "/server", serverSecret(ca, cluster));
            return this;
        }

        Secrets put(String name, String secretString) {
            byName.put(name, secretString);
            return this;
        }

        @Override
        public Optional<String> currentSecretString(String id) {
            return Optional.ofNullable(byName.get(id));
        }
    }

    /** A server's security at a stage: 0 is an earlier release's; 1 to 3 read the given key and CA. */
    static ServerSecurity security(int stage, String key, String ca) {
        if (stage == 0) {
            return ServerSecurity.INSECURE;
        }
        try {
            return ServerSecurity.read(SecuritySettings.fromUserData(assignments(stage, "c")), new Secrets().cluster("c", key, ca));
        } catch (ServerSecurity.SecretsUnreadable e) {
            throw new AssertionError(e);
        }
    }
}
