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
        // EC2 gets it gzipped (cloud-init uncompresses it), and the limit holds for what EC2 gets.
        byte[] given = Base64.getDecoder().decode(script.base64());
        assertEquals(0x1f, given[0] & 0xff);
        assertEquals(0x8b, given[1] & 0xff);
        assertEquals(script.text(), new String(gunzip(given), StandardCharsets.UTF_8));
        assertTrue(given.length <= UserData.MAX_BYTES, given.length + " bytes");
        assertTrue(script.text().getBytes(StandardCharsets.UTF_8).length > UserData.MAX_BYTES,
                "uncompressed it would not fit: the test would catch a script that needs no compression");
    }

    @Test
    void theBootScriptKnowsTheConfigsPlaceholder() {
        assertTrue(UserData.boot(BootSettings.secured("us-east-1", "consul-dc1")).text().contains("BIND_ADDR_PLACEHOLDER='" + ConsulConfig.BIND_ADDR_PLACEHOLDER + "'"));
    }

    @Test
    void aValueThatCouldLeaveItsShellStringIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UserData.render("boot.sh", false,
                Map.of("BIND_ADDR_PLACEHOLDER", "x'; reboot; '")));

        assertTrue(e.getMessage().contains("quote"), e.getMessage());
    }

    @Test
    void aMissingOrUnknownPlaceholderValueIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> UserData.render("boot.sh", false, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> UserData.render("boot.sh", false,
                Map.of("BIND_ADDR_PLACEHOLDER", "x", "EXTRA", "y")));
    }

    @Test
    void theBootScriptCarriesTheClustersSettingsAsShellAssignmentsAndFitsInUserData() {
        BootSettings settings = BootSettings.secured("eu-west-1", "dc1", "consul-cluster-factory-snapshots-123456789012-eu-west-1");
        UserData.Script script = UserData.boot(settings);

        String text = script.text();
        assertTrue(text.contains("\nAWS_REGION='eu-west-1'\n"));
        assertTrue(text.contains("\nCLIENT_SECRET_ID='consul-cluster-factory/dc1/client'\n"));
        assertTrue(text.contains("\nSERVER_SECRET_ID='consul-cluster-factory/dc1/server'\n"));
        assertTrue(text.contains("\nSECURITY_STAGE='3'\n"));
        assertTrue(text.contains("\nSNAPSHOT_BUCKET='consul-cluster-factory-snapshots-123456789012-eu-west-1'\n"));
        String blob = text.lines().filter(l -> l.startsWith("SECURITY_CONFIG_B64=")).findFirst().orElseThrow();
        assertEquals(SecurityConfig.render(3), new String(Base64.getDecoder().decode(blob.substring("SECURITY_CONFIG_B64='".length(),
                blob.length() - 1)), StandardCharsets.UTF_8));
        assertFalse(text.contains("@@"), "every placeholder is filled");
        int size = text.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(size < UserData.MAX_BYTES, "boot.sh renders to " + size + " bytes");
        System.out.println("boot.sh renders to " + size + " bytes, bake.sh to "
                + UserData.bake(ConsulConfigTest.SPEC, "us-east-1").text().getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void theBakeCarriesTheHelperGzippedAndTheSameBytesEveryTime() throws Exception {
        String text = UserData.bake(ConsulConfigTest.SPEC, "us-east-1").text();
        String blob = text.lines().filter(l -> l.startsWith("SECRETS_HELPER_B64=")).findFirst().orElseThrow();
        byte[] gz = Base64.getDecoder().decode(blob.substring("SECRETS_HELPER_B64='".length(), blob.length() - 1));
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            assertEquals(java.nio.file.Files.readString(java.nio.file.Path.of("src/main/resources/userdata/consul-secrets.py")),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals(text, UserData.bake(ConsulConfigTest.SPEC, "us-east-1").text(), "the image recipe does not change by itself");
    }

    @Test
    void settingsThatCouldLeaveTheirStringOrTheConsoleLineAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BootSettings("us-east-1; reboot", "a", "b", 3, ""));
        assertThrows(IllegalArgumentException.class, () -> new BootSettings("us-east-1", "a b", "b", 3, ""));
        assertThrows(IllegalArgumentException.class, () -> new BootSettings("us-east-1", "a", "b'", 3, ""));
        assertThrows(IllegalArgumentException.class, () -> new BootSettings("us-east-1", "a", "b", 3, "Bucket'; reboot"));
        assertThrows(IllegalArgumentException.class, () -> new BootSettings("us-east-1", "a", "b", 3, "ab"));
    }

    static byte[] gunzip(byte[] gz) {
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
