package io.consulfactory.secrets;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PemTest {

    @Test
    void writesSixtyFourCharacterLinesBetweenTheLabels() {
        byte[] der = new byte[100];
        for (int i = 0; i < der.length; i++) {
            der[i] = (byte) i;
        }
        String pem = Pem.encode(Pem.CERTIFICATE, der);
        List<String> lines = pem.lines().toList();
        assertEquals("-----BEGIN CERTIFICATE-----", lines.get(0));
        assertEquals(64, lines.get(1).length());                      // 100 bytes -> 136 base64 characters
        assertEquals(64, lines.get(2).length());
        assertEquals(8, lines.get(3).length());
        assertEquals("-----END CERTIFICATE-----", lines.get(4));
        assertTrue(pem.endsWith("-----\n"));
        assertArrayEquals(der, Pem.decode(Pem.CERTIFICATE, pem));
    }

    @Test
    void readsTheBlockWithItsLabelAmongOthers() {
        String bundle = "junk before\n" + Pem.encode(Pem.PRIVATE_KEY, new byte[] {1}) + Pem.encode(Pem.CERTIFICATE, new byte[] {2})
                + "\r\n" + Pem.encode(Pem.CERTIFICATE, new byte[] {3}).replace("\n", "\r\n");
        assertArrayEquals(new byte[] {1}, Pem.decode(Pem.PRIVATE_KEY, bundle));
        assertEquals(2, Pem.decodeAll(Pem.CERTIFICATE, bundle).size());
        assertArrayEquals(new byte[] {3}, Pem.decodeAll(Pem.CERTIFICATE, bundle).get(1));
        assertThrows(IllegalArgumentException.class, () -> Pem.decode("RSA PRIVATE KEY", bundle));
        assertThrows(IllegalArgumentException.class,
                () -> Pem.decode(Pem.CERTIFICATE, "-----BEGIN CERTIFICATE-----\nAQ==\n-----END PRIVATE KEY-----\n"));
    }
}
