package io.consulfactory.consul;

import com.sun.net.httpserver.Headers;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AWS Signature Version 4 as the test fakes of AWS services check it (FakeSecretsManager, FakeS3): the Authorization
 * header's parts, and the signature recomputed from the request with the secret key
 * (docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html). Each fake answers the failures in its own
 * service's words; this holds only what the signature is.
 */
final class FakeSigV4 {

    /** Groups: 1 access key, 2 date, 3 region, 4 service, 5 signed headers, 6 signature. */
    static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})");
    static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private FakeSigV4() {
    }

    /** The first header the Authorization says is signed that the request does not carry, or null. */
    static String missingSignedHeader(Headers headers, Matcher auth) {
        for (String name : signed(auth)) {
            if (headers.getFirst(name) == null) {
                return name;
            }
        }
        return null;
    }

    static List<String> signed(Matcher auth) {
        return List.of(auth.group(5).split(";"));
    }

    /**
     * Whether the Authorization's signature is the one {@code secretAccessKey} gives this request (every signed header
     * present: see {@link #missingSignedHeader}); an empty query string, {@code path} as sent.
     */
    static boolean signatureMatches(String method, String path, Headers headers, Matcher auth, String payloadHash,
                                    String amzDate, String secretAccessKey) {
        StringBuilder canonical = new StringBuilder(method + "\n" + path + "\n\n");
        for (String name : signed(auth)) {
            canonical.append(name).append(':').append(headers.getFirst(name).strip()).append('\n');
        }
        canonical.append('\n').append(auth.group(5)).append('\n').append(payloadHash);
        String scope = auth.group(2) + "/" + auth.group(3) + "/" + auth.group(4) + "/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] key = ("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8);
        for (String part : new String[]{auth.group(2), auth.group(3), auth.group(4), "aws4_request"}) {
            key = hmac(key, part);
        }
        return MessageDigest.isEqual(hex(hmac(key, toSign)).getBytes(StandardCharsets.UTF_8),
                auth.group(6).getBytes(StandardCharsets.UTF_8));
    }

    static byte[] sha256(byte[] bytes) {
        return digest("SHA-256", bytes);
    }

    static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
