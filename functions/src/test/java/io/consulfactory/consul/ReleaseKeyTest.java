package io.consulfactory.consul;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReleaseKeyTest {

    static final Path SHIPPED = Path.of("src/main/resources/userdata/hashicorp-release-key.asc");

    @Test
    void theShippedKeyIsHashiCorpsPinnedKeyAndHasNotExpired() throws Exception {
        List<Gpg.Listed> keys;
        try (Gpg gpg = new Gpg()) {
            keys = gpg.show(SHIPPED); // as bake.sh reads it: gpg --with-colons --show-keys
        }

        assertEquals(1, keys.size(), "one key, no other in the keyring bake.sh builds");
        assertEquals(ReleaseKey.hashicorp().fingerprint(), keys.get(0).fingerprint());
        assertEquals("C874011F0AB405110D02105534365D9472D7468F", keys.get(0).fingerprint(), "as https://www.hashicorp.com/trust/security gives it");
        Instant expires = keys.get(0).expires().orElseThrow();
        System.out.println("HashiCorp's release key " + keys.get(0).fingerprint() + " expires " + expires);
        // When this fails, HashiCorp has extended the key again: export it anew (it keeps its fingerprint).
        Instant today = LocalDate.of(2026, 12, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
        assertTrue(expires.isAfter(today) && expires.isAfter(Instant.now()), "expired " + expires);
    }

    @Test
    void theResourceIsTheKeyTheScriptIsRenderedWith() throws Exception {
        ReleaseKey key = ReleaseKey.hashicorp();

        assertEquals(UserData.resource("hashicorp-release-key.asc"), key.armored());
        assertEquals(".72D7468F.sig", key.signatureSuffix());
        assertTrue(key.fingerprint().endsWith("72D7468F"), "the signature file is named after the key's short id");
        assertFalse(key.armored().contains("'"), "the key stands inside single quotes in bake.sh");
    }

    @Test
    void theBakeScriptCarriesHashiCorpsKeyWithinEc2sUserDataLimit() {
        UserData.Script script = UserData.bake(ConsulConfigTest.SPEC, "eu-west-1");
        String text = script.text();

        assertTrue(text.contains("RELEASE_KEY_FINGERPRINT='C874011F0AB405110D02105534365D9472D7468F'"));
        assertTrue(text.contains("RELEASE_SIG_SUFFIX='.72D7468F.sig'"));
        assertTrue(text.contains("RELEASE_KEY='" + ReleaseKey.hashicorp().armored() + "'"));
        int size = script.payload().length;
        System.out.println("bake.sh renders to " + text.getBytes(StandardCharsets.UTF_8).length + " bytes, " + size
                + " gzipped, of EC2's " + UserData.MAX_BYTES);
        assertTrue(size < UserData.MAX_BYTES);
    }

    @Test
    void aKeyThatCouldNotBePinnedOrNamedIsRefused() {
        String armored = ReleaseKey.hashicorp().armored();

        assertThrows(IllegalArgumentException.class, () -> new ReleaseKey("not a key", ReleaseKey.HASHICORP_FINGERPRINT, ".sig"));
        assertThrows(IllegalArgumentException.class, () -> new ReleaseKey(armored, "C874 011F 0AB4 0511 0D02 1055 3436 5D94 72D7 468F", ".sig"));
        assertThrows(IllegalArgumentException.class, () -> new ReleaseKey(armored, "72D7468F", ".sig"));
        assertThrows(IllegalArgumentException.class, () -> new ReleaseKey(armored, ReleaseKey.HASHICORP_FINGERPRINT, "/../x.sig"));
        assertThrows(IllegalArgumentException.class, () -> new ReleaseKey(armored, ReleaseKey.HASHICORP_FINGERPRINT, "sig"));
    }
}
