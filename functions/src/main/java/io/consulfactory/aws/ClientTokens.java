package io.consulfactory.aws;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Idempotency tokens and fingerprints: the same seed always gives the same text, so a retried step sends
 * AWS the token of its first attempt (AWS's client tokens are at most 64 ASCII characters).
 */
public final class ClientTokens {

    private ClientTokens() {
    }

    /** {@code prefix} and the first {@code hexDigits} hex digits of the seed's SHA-256. */
    public static String of(String prefix, String seed, int hexDigits) {
        return prefix + sha256Hex(seed).substring(0, hexDigits);
    }

    public static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
