package io.consulfactory.local.consul;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A running server's security: its {@link SecuritySettings} and what its boot read from the cluster's two
 * secrets (the contract: {@code …/client} holds {@code gossip_key} and {@code ca_cert}; {@code …/server} holds
 * {@code server_cert}, {@code server_key} and the four tokens). Secrets stay inside the model: {@link #toString}
 * and {@link #view} give fingerprints only.
 *
 * <p>Simplifications: a CA is identified by the SHA-256 of its PEM's base64 body (so tests may use any distinct
 * PEM text); the server certificate counts as signed by the CA of the client secret read with it (the factory
 * signs each cluster's server certificate with that cluster's CA), and as naming {@code server.<dc>.consul}
 * (the factory's certificates always do), so no X.509 is parsed.
 *
 * @param settings  {@code null} for a server whose boot script knew no security (an earlier release: stage 0)
 * @param gossipKey the {@code encrypt} key, or {@code null}
 * @param caId      the fingerprint of the CA this server trusts ({@code ca_file}), or {@code null}
 * @param certCaId  the fingerprint of the CA that signed this server's certificate, or {@code null} without one
 * @param tokens    the ACL tokens of the server secret, or {@code null}
 */
record ServerSecurity(SecuritySettings settings, String gossipKey, String caId, String certCaId, Tokens tokens) {

    /** A server of an earlier release: no key, no TLS, no ACLs. */
    static final ServerSecurity INSECURE = new ServerSecurity(null, null, null, null, null);

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The server secret's ACL tokens (SecretIDs). {@code snapshot} is issue 15's {@code snapshot_token}, {@code null}
     * in a secret made before it.
     */
    record Tokens(String initialManagement, String agent, String status, String operator, String snapshot) {

        @Override
        public String toString() {
            return "Tokens[hidden]";
        }
    }

    /** The boot could not read the cluster's secrets; the message is the reason boot.sh prints. */
    static final class SecretsUnreadable extends Exception {
        SecretsUnreadable(String reason) {
            super("could not read the cluster's secrets: " + reason);
        }
    }

    /**
     * What {@code consul-secrets fetch} reads at boot, before Consul starts: both secrets, each a JSON object with
     * the contract's fields.
     */
    static ServerSecurity read(SecuritySettings settings, SecretReader secrets) throws SecretsUnreadable {
        JsonNode client = secret(secrets, settings.clientSecretId(), "gossip_key", "ca_cert");
        JsonNode server = secret(secrets, settings.serverSecretId(), "server_cert", "server_key", "initial_management_token",
                "agent_token", "status_token", "operator_token");
        String key = client.get("gossip_key").asText();
        if (!validGossipKey(key)) {
            throw new SecretsUnreadable(settings.clientSecretId() + ": gossip_key is not the base64 of a 32-byte key");
        }
        String ca = fingerprint(pemBody(client.get("ca_cert").asText()));
        return new ServerSecurity(settings, key, ca, ca, new Tokens(server.get("initial_management_token").asText(),
                server.get("agent_token").asText(), server.get("status_token").asText(), server.get("operator_token").asText(),
                server.hasNonNull("snapshot_token") ? server.get("snapshot_token").asText() : null));
    }

    private static JsonNode secret(SecretReader secrets, String id, String... fields) throws SecretsUnreadable {
        if (id == null || id.isEmpty()) {
            throw new SecretsUnreadable("the boot script names no secret");
        }
        Optional<String> text = secrets.currentSecretString(id);
        if (text.isEmpty()) {
            // The API's own words (docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html#API_GetSecretValue_Errors).
            throw new SecretsUnreadable("ResourceNotFoundException: Secrets Manager can't find the specified secret. (" + id + ")");
        }
        JsonNode json;
        try {
            json = JSON.readTree(text.get());
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            throw new SecretsUnreadable(id + " is not a JSON object");
        }
        for (String field : fields) {
            if (!json.path(field).isTextual() || json.path(field).asText().isEmpty()) {
                throw new SecretsUnreadable(id + " has no " + field);
            }
        }
        return json;
    }

    /** Consul's {@code encrypt}: base64 of 16, 24 or 32 bytes (AES-128/192/256); the factory makes 32. */
    private static boolean validGossipKey(String key) {
        try {
            int n = Base64.getDecoder().decode(key).length;
            return n == 16 || n == 24 || n == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String pemBody(String pem) {
        return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    }

    /** A short, one-way identity: {@code sha256:} and the first 12 hex digits. */
    static String fingerprint(String text) {
        if (text == null) {
            return null;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The boot script is the one that reports security fields (issue 14's boot.sh), not an earlier release's. */
    boolean reported() {
        return settings != null;
    }

    boolean encryptVerifyIncoming() {
        return settings != null && settings.encryptVerifyIncoming();
    }

    boolean encryptVerifyOutgoing() {
        return settings != null && settings.encryptVerifyOutgoing();
    }

    /** A certificate for internal RPC: {@code cert_file} set and a certificate read for it. */
    boolean hasCertificate() {
        return settings != null && settings.tlsConfigured() && certCaId != null;
    }

    boolean verifyIncoming() {
        return settings != null && settings.verifyIncoming();
    }

    boolean verifyOutgoing() {
        return settings != null && settings.verifyOutgoing();
    }

    boolean aclEnabled() {
        return settings != null && settings.aclEnabled();
    }

    /**
     * The contract's {@code gossip=}: {@code off} unless serf_lan is encrypted (a key), {@code verified} if both
     * encrypt_verify flags are on, else {@code on}.
     */
    String gossipField() {
        return gossipKey == null ? "off" : encryptVerifyIncoming() && encryptVerifyOutgoing() ? "verified" : "on";
    }

    /** {@code tls=}: {@code off} without a cert file, {@code verified} with verify_incoming, _outgoing and _server_hostname. */
    String tlsField() {
        return !hasCertificate() ? "off" : verifyIncoming() && verifyOutgoing() && settings.verifyServerHostname() ? "verified" : "on";
    }

    /** {@code acl=}: {@code off} unless ACLs are enabled, else the default policy. */
    String aclField() {
        return aclEnabled() ? settings.defaultPolicy() : "off";
    }

    /** The fields boot.sh puts before {@code at=}, or {@code null} for an earlier release's boot script (none). */
    String consoleFields() {
        return reported() ? "gossip=" + gossipField() + " tls=" + tlsField() + " acl=" + aclField() : null;
    }

    SecurityView view() {
        return new SecurityView(settings == null ? 0 : settings.stage(), gossipField(), tlsField(), aclField(),
                encryptVerifyIncoming(), encryptVerifyOutgoing(), verifyIncoming(), verifyOutgoing(),
                settings != null && settings.verifyServerHostname(), fingerprint(gossipKey), caId);
    }

    @Override
    public String toString() {
        return "ServerSecurity[" + view() + "]";
    }
}
