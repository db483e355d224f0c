package io.consulfactory.consul;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserDataTest {

    @Test
    void theBakeScriptCarriesTheVersionAndTheConfigAsBase64() {
        UserData.Script script = UserData.bake(ConsulConfigTest.SPEC, "us-east-1");

        assertTrue(script.text().contains("CONSUL_VERSION='1.20.2'"));
        String blob = script.text().lines().filter(l -> l.startsWith("CONSUL_CONFIG_B64=")).findFirst().orElseThrow();
        String config = new String(Base64.getDecoder().decode(blob.substring("CONSUL_CONFIG_B64='".length(), blob.length() - 1)),
                StandardCharsets.UTF_8);
        assertEquals(ConsulConfig.render(ConsulConfigTest.SPEC, "us-east-1"), config);
        assertFalse(script.text().contains("@@"), "every placeholder is filled");
        assertEquals(script.text(), new String(Base64.getDecoder().decode(script.base64()), StandardCharsets.UTF_8));
        assertTrue(script.text().getBytes(StandardCharsets.UTF_8).length < UserData.MAX_BYTES);
    }

    @Test
    void theBootScriptKnowsTheConfigsPlaceholder() {
        assertTrue(UserData.boot(BootSettings.secured("us-east-1", "consul-dc1")).text().contains("BIND_ADDR_PLACEHOLDER='" + ConsulConfig.BIND_ADDR_PLACEHOLDER + "'"));
    }

    @Test
    void aValueThatCouldLeaveItsShellStringIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UserData.render("boot.sh",
                Map.of("BIND_ADDR_PLACEHOLDER", "x'; reboot; '")));

        assertTrue(e.getMessage().contains("quote"), e.getMessage());
    }

    @Test
    void aMissingOrUnknownPlaceholderValueIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> UserData.render("boot.sh", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> UserData.render("boot.sh",
                Map.of("BIND_ADDR_PLACEHOLDER", "x", "EXTRA", "y")));
    }
}
