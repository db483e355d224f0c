package io.consulfactory.secrets;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretMaterialTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void gossipKeysAreThirtyTwoRandomBytesInBase64LikeConsulKeygen() {
        String key = SecretMaterial.gossipKey(random);
        assertEquals(32, Base64.getDecoder().decode(key).length);
        assertEquals(44, key.length());
        assertNotEquals(key, SecretMaterial.gossipKey(random));
    }

    @Test
    void tokensAreVersionFourUuids() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = SecretMaterial.token(random);
            assertTrue(token.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), token);
            UUID uuid = UUID.fromString(token);
            assertEquals(4, uuid.version());
            assertEquals(2, uuid.variant());                          // IETF (RFC 9562) variant
            assertTrue(seen.add(token), "a repeated token: " + token);
        }
    }
}
