package io.consulfactory.local.cloud;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recomputes the AWS Signature Version 4 of a request signed in its Authorization header and compares it with the
 * one sent, step for step as https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html gives them:
 * the canonical request (method, URI-encoded path, sorted canonical query, the signed headers lowercased with
 * trimmed values, the signed-header list, the SHA-256 of the payload), the string to sign
 * ({@code AWS4-HMAC-SHA256}, request date, credential scope, hash of the canonical request), the signing key chain
 * ({@code HMAC("AWS4" + secret, date) -> region -> service -> "aws4_request"}) and the signature.
 *
 * <p>Simplifications: the payload hash is always computed from the body received (what AWS does for every service
 * but S3), so a changed body fails; path segments are not normalised for {@code .}/{@code ..}; presigned URLs
 * (signature in the query string) are not checked; and the request time is not compared with any clock. AWS refuses a
 * signature dated more than 5 minutes away from its own time, but the local AWS runs on a simulated clock that tests
 * move by hours, while every client signs with the machine's wall clock: neither clock would be a fair judge, so the
 * date is only required to agree with the credential scope.
 */
public final class SigV4 {

    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final Pattern AUTHORIZATION = Pattern.compile(ALGORITHM
            + "\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request\\s*,\\s*SignedHeaders=([^,\\s]+)\\s*,\\s*Signature=([0-9a-f]+)");
    private static final HexFormat HEX = HexFormat.of();

    private SigV4() {
    }

    /**
     * Checks a request's signature against the secret access key of its access key id.
     *
     * @param headers the request headers as received (any case; each name with its values)
     * @throws AwsError {@code IncompleteSignatureException} for an Authorization header that is not a SigV4 one,
     *                  {@code InvalidSignatureException} for a signature that does not match
     */
    public static void verify(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                              byte[] body, String secretAccessKey) {
        String authorization = header(headers, "authorization");
        Matcher auth = AUTHORIZATION.matcher(authorization == null ? "" : authorization.trim());
        if (!auth.matches()) {
            throw AwsError.client("IncompleteSignatureException", "Authorization header requires 'Credential',"
                    + " 'Signature' and 'SignedHeaders' parameters (AWS4-HMAC-SHA256).");
        }
        String date = auth.group(2);
        String region = auth.group(3);
        String service = auth.group(4);
        List<String> signedHeaders = List.of(auth.group(5).split(";"));
        String amzDate = header(headers, "x-amz-date");
        if (amzDate == null || !amzDate.startsWith(date)) {
            throw invalidSignature();
        }
        String expected = signature(method, rawPath, rawQuery, headers, signedHeaders, body, amzDate, date, region,
                service, secretAccessKey);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                auth.group(6).getBytes(StandardCharsets.US_ASCII))) {
            throw invalidSignature();
        }
    }

    /** The hex signature of a request: what a client puts after {@code Signature=}. */
    public static String signature(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                                   List<String> signedHeaders, byte[] body, String amzDate, String date, String region,
                                   String service, String secretAccessKey) {
        String canonicalRequest = canonicalRequest(method, rawPath, rawQuery, headers, signedHeaders, body);
        return hmacHex(signingKey(secretAccessKey, date, region, service), stringToSign(amzDate, date, region, service,
                canonicalRequest));
    }

    /** The parts of a SigV4 Authorization header. */
    public record Authorization(String accessKeyId, String date, String region, String service,
                                List<String> signedHeaders, String signature) {

        /** {@code date/region/service/aws4_request} */
        public String scope() {
            return date + "/" + region + "/" + service + "/aws4_request";
        }
    }

    /** The Authorization header's parts, or empty when it is not a well-formed SigV4 one. */
    public static java.util.Optional<Authorization> authorization(Map<String, List<String>> headers) {
        String authorization = header(headers, "authorization");
        Matcher auth = AUTHORIZATION.matcher(authorization == null ? "" : authorization.trim());
        if (!auth.matches()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Authorization(auth.group(1), auth.group(2), auth.group(3), auth.group(4),
                List.of(auth.group(5).split(";")), auth.group(6)));
    }

    /** The string to sign of a canonical request. */
    public static String stringToSign(String amzDate, String date, String region, String service, String canonicalRequest) {
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code HMAC("AWS4" + secret, date) -> region -> service -> "aws4_request"} */
    public static byte[] signingKey(String secretAccessKey, String date, String region, String service) {
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        return hmac(key, "aws4_request");
    }

    public static String hmacHex(byte[] key, String data) {
        return hex(hmac(key, data));
    }

    public static String sha256Hex(byte[] data) {
        return hex(sha256(data));
    }

    static String canonicalRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                                   List<String> signedHeaders, byte[] body) {
        return canonicalRequest(method, canonicalPath(rawPath), rawQuery, headers, signedHeaders, hex(sha256(body)));
    }

    /**
     * The canonical request from a canonical path the caller made (S3's is its path encoded once, not twice) and the
     * payload hash the caller chose (S3's is the {@code x-amz-content-sha256} header, which may be
     * {@code UNSIGNED-PAYLOAD} or a {@code STREAMING-…} name).
     */
    public static String canonicalRequest(String method, String canonicalPath, String rawQuery,
                                          Map<String, List<String>> headers, List<String> signedHeaders,
                                          String payloadHash) {
        StringBuilder canonical = new StringBuilder();
        canonical.append(method.toUpperCase(Locale.ROOT)).append('\n');
        canonical.append(canonicalPath).append('\n');
        canonical.append(canonicalQuery(rawQuery)).append('\n');
        for (String name : signedHeaders) {
            List<String> values = values(headers, name);
            List<String> trimmed = new ArrayList<>();
            values.forEach(v -> trimmed.add(v.trim().replaceAll(" +", " ")));
            canonical.append(name.toLowerCase(Locale.ROOT)).append(':').append(String.join(",", trimmed)).append('\n');
        }
        canonical.append('\n');
        canonical.append(String.join(";", signedHeaders)).append('\n');
        canonical.append(payloadHash);
        return canonical.toString();
    }

    /** Each segment of the path as received, URI-encoded again: "each path segment must be URI-encoded twice". */
    private static String canonicalPath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        String[] segments = rawPath.split("/", -1);
        List<String> encoded = new ArrayList<>();
        for (String segment : segments) {
            encoded.add(encode(segment));
        }
        return String.join("/", encoded);
    }

    /** Parameters decoded, each name and value URI-encoded (RFC 3986 unreserved kept), sorted by name then value. */
    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            pairs.add(new String[] {encode(name), encode(value)});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        List<String> joined = new ArrayList<>();
        pairs.forEach(p -> joined.add(p[0] + "=" + p[1]));
        return String.join("&", joined);
    }

    /** URI-encodes every byte but the unreserved characters {@code A-Z a-z 0-9 - _ . ~}, with capital hex digits. */
    public static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** Percent-decoding only ({@code +} stays {@code +}: SigV4 clients encode a space as {@code %20}). */
    public static String decode(String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length
                    && Character.digit(bytes[i + 1], 16) >= 0 && Character.digit(bytes[i + 2], 16) >= 0) {
                out.write(Character.digit(bytes[i + 1], 16) * 16 + Character.digit(bytes[i + 2], 16));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static List<String> values(Map<String, List<String>> headers, String name) {
        List<String> found = new ArrayList<>();
        headers.forEach((k, v) -> {
            if (k != null && k.equalsIgnoreCase(name) && v != null) {
                found.addAll(v);
            }
        });
        return found;
    }

    private static String header(Map<String, List<String>> headers, String name) {
        List<String> values = values(headers, name);
        return values.isEmpty() ? null : values.get(0);
    }

    /** AWS's answer to a signature that does not match, as JSON services word it. */
    public static AwsError invalidSignature() {
        return AwsError.client("InvalidSignatureException", "The request signature we calculated does not match the"
                + " signature you provided. Check your AWS Secret Access Key and signing method. Consult the service"
                + " documentation for details.");
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }
}
