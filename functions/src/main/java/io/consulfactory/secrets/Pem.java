package io.consulfactory.secrets;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM text as RFC 7468 defines it, the form Consul reads from {@code ca_file}, {@code cert_file} and
 * {@code key_file}: {@code -----BEGIN <label>-----}, the DER in base64 on lines of 64 characters, {@code -----END <label>-----}.
 * Labels used here: {@code CERTIFICATE} (RFC 7468 5.1) and {@code PRIVATE KEY}, an unencrypted PKCS#8 key (RFC 7468 10).
 */
public final class Pem {

    public static final String CERTIFICATE = "CERTIFICATE";
    public static final String PRIVATE_KEY = "PRIVATE KEY";

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END ([A-Z0-9 ]+)-----");

    private Pem() {
    }

    /** One block ending in a newline. */
    public static String encode(String label, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + base64 + "\n-----END " + label + "-----\n";
    }

    /** The DER of the first block labelled {@code label}; text around and between blocks is ignored (RFC 7468 2). */
    public static byte[] decode(String label, String pem) {
        List<byte[]> blocks = decodeAll(label, pem);
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("no PEM block labelled \"" + label + "\"");
        }
        return blocks.get(0);
    }

    /** The DER of every block labelled {@code label}, in order (a CA bundle has several certificates). */
    public static List<byte[]> decodeAll(String label, String pem) {
        List<byte[]> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            if (!m.group(1).equals(m.group(3))) {
                throw new IllegalArgumentException("PEM block BEGIN " + m.group(1) + " ends with END " + m.group(3));
            }
            if (m.group(1).equals(label)) {
                blocks.add(Base64.getMimeDecoder().decode(m.group(2)));
            }
        }
        return blocks;
    }
}
