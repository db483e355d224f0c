package io.consulfactory.consul;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** 2-security.json exactly as contract 14 lists it for each stage. */
class SecurityConfigTest {

    private static String expected(boolean incoming, boolean outgoing, String defaultPolicy) {
        return """
                {"encrypt_verify_incoming": %1$s, "encrypt_verify_outgoing": %2$s,
                 "addresses": {"http": "127.0.0.1"}, "ports": {"http": 8500, "https": 8501},
                 "tls": {"defaults": {"ca_file": "/opt/consul/tls/ca.pem", "cert_file": "/opt/consul/tls/server.pem",
                                      "key_file": "/opt/consul/tls/server-key.pem", "verify_incoming": %1$s, "verify_outgoing": %2$s},
                         "internal_rpc": {"verify_server_hostname": %2$s}, "https": {"verify_incoming": false}},
                 "auto_encrypt": {"allow_tls": true},
                 "acl": {"enabled": true, "default_policy": "%3$s", "enable_token_persistence": true, "down_policy": "extend-cache"}}
                """.formatted(incoming, outgoing, defaultPolicy);
    }

    @Test
    void stageOneEncryptsAndCertifiesButVerifiesNothingAndAllows() throws Exception {
        assertEquals(new ObjectMapper().readTree(expected(false, false, "allow")), new ObjectMapper().readTree(SecurityConfig.render(1)));
    }

    @Test
    void stageTwoVerifiesWhatItSends() throws Exception {
        assertEquals(new ObjectMapper().readTree(expected(false, true, "allow")), new ObjectMapper().readTree(SecurityConfig.render(2)));
    }

    @Test
    void theFinalStageVerifiesBothWaysAndDeniesByDefault() throws Exception {
        assertEquals(3, SecurityConfig.FINAL_STAGE);
        assertEquals(new ObjectMapper().readTree(expected(true, true, "deny")), new ObjectMapper().readTree(SecurityConfig.render(3)));
    }

    @Test
    void noOtherStageIsPublished() {
        assertThrows(IllegalArgumentException.class, () -> SecurityConfig.of(0));
        assertThrows(IllegalArgumentException.class, () -> SecurityConfig.of(4));
        assertThrows(IllegalArgumentException.class, () -> new BootSettings("us-east-1", "a", "b", 0, ""));
    }
}
