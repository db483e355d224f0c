package io.consulfactory.local.consul;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a server's boot user data says about its security (the contract of issue 14): the shell assignments
 * {@code SECURITY_STAGE='n'}, {@code SECURITY_CONFIG_B64='…'} (the base64 of {@code 2-security.json}, which
 * boot.sh writes into the config dir), {@code CLIENT_SECRET_ID='…'} and {@code SERVER_SECRET_ID='…'}. The flags
 * come from the JSON, as Consul reads them, not from the stage number; a key the file leaves out has Consul's
 * default (developer.hashicorp.com/consul/docs/reference/agent/configuration-file/encryption and .../acl).
 *
 * @param stage                 {@code SECURITY_STAGE}, for the views only
 * @param encryptVerifyIncoming {@code encrypt_verify_incoming} (Consul's default: true)
 * @param encryptVerifyOutgoing {@code encrypt_verify_outgoing} (Consul's default: true)
 * @param tlsConfigured         a {@code cert_file} is set for internal RPC
 * @param verifyIncoming        internal RPC's {@code verify_incoming} ({@code tls.internal_rpc}, else
 *                              {@code tls.defaults}; default false)
 * @param verifyOutgoing        internal RPC's {@code verify_outgoing} (likewise)
 * @param verifyServerHostname  {@code tls.internal_rpc.verify_server_hostname} (default false)
 * @param aclEnabled            {@code acl.enabled} (default false)
 * @param defaultPolicy         {@code acl.default_policy} (default {@code allow})
 */
record SecuritySettings(int stage, boolean encryptVerifyIncoming, boolean encryptVerifyOutgoing, boolean tlsConfigured,
                        boolean verifyIncoming, boolean verifyOutgoing, boolean verifyServerHostname,
                        boolean aclEnabled, String defaultPolicy, String clientSecretId, String serverSecretId) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The settings of a boot script that carries them, or {@code null} for user data without them: a server
     * of an earlier release, whose boot script knew no security (stage 0).
     *
     * @throws IllegalArgumentException when {@code SECURITY_CONFIG_B64} is not base64 of a JSON object (Consul
     *                                  would refuse the file and not start)
     */
    static SecuritySettings fromUserData(String userData) {
        String config = assignment(userData, "SECURITY_CONFIG_B64");
        if (config == null) {
            return null;
        }
        JsonNode file;
        try {
            file = JSON.readTree(new String(Base64.getDecoder().decode(config), StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("2-security.json is not valid JSON", e);
        }
        if (file == null || !file.isObject()) {
            throw new IllegalArgumentException("2-security.json is not a JSON object");
        }
        JsonNode tls = file.path("tls");
        JsonNode rpc = tls.path("internal_rpc");
        JsonNode defaults = tls.path("defaults");
        JsonNode acl = file.path("acl");
        String stage = assignment(userData, "SECURITY_STAGE");
        return new SecuritySettings(stage != null && stage.matches("\\d") ? Integer.parseInt(stage) : -1,
                file.path("encrypt_verify_incoming").asBoolean(true), file.path("encrypt_verify_outgoing").asBoolean(true),
                !rpc.path("cert_file").asText(defaults.path("cert_file").asText("")).isEmpty(),
                rpc.path("verify_incoming").asBoolean(defaults.path("verify_incoming").asBoolean(false)),
                rpc.path("verify_outgoing").asBoolean(defaults.path("verify_outgoing").asBoolean(false)),
                rpc.path("verify_server_hostname").asBoolean(false),
                acl.path("enabled").asBoolean(false), acl.path("default_policy").asText("allow"),
                assignment(userData, "CLIENT_SECRET_ID"), assignment(userData, "SERVER_SECRET_ID"));
    }

    /** The value of a shell assignment {@code NAME='value'} at the start of a line, or {@code null}. */
    static String assignment(String userData, String name) {
        if (userData == null) {
            return null;
        }
        Matcher m = Pattern.compile("(?m)^\\s*" + name + "='([^']*)'").matcher(userData);
        return m.find() ? m.group(1) : null;
    }
}
