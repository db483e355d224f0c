package io.consulfactory.secrets;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/** A cluster's gossip key and ACL token secrets, drawn from a {@link SecureRandom}. */
public final class SecretMaterial {

    /** {@code consul keygen} makes 32-byte keys (AES-256 for gossip): developer.hashicorp.com/consul/commands/keygen. */
    public static final int GOSSIP_KEY_BYTES = 32;

    private SecretMaterial() {
    }

    /** A gossip encryption key ({@code encrypt}): standard base64 of 32 random bytes, as {@code consul keygen} prints. */
    public static String gossipKey(SecureRandom random) {
        byte[] key = new byte[GOSSIP_KEY_BYTES];
        random.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /**
     * An ACL token SecretID: a random (version 4) UUID, the form Consul generates and accepts for {@code SecretID}
     * (developer.hashicorp.com/consul/api-docs/acl/tokens). Version and variant bits as RFC 9562 5.4 sets them,
     * the other 122 bits from {@code random} (unlike {@link UUID#randomUUID()}, whose source cannot be given).
     */
    public static String token(SecureRandom random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);           // version 4
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);           // variant 10xx (RFC 9562)
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong()).toString();
    }
}
