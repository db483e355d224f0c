package io.consulfactory.local.cloud.s3;

import io.consulfactory.local.cloud.SigV4;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SigV4 as S3 takes it (docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html), where it differs
 * from every other service: the canonical URI is the path URI-encoded once ("Do not normalize URI paths for requests
 * to Amazon S3" and no second encoding), and the payload hash is the {@code x-amz-content-sha256} header as sent: a
 * hex SHA-256 of the body (checked against the body), {@code UNSIGNED-PAYLOAD}, or a {@code STREAMING-…} name whose
 * chunks carry their own signatures ({@link AwsChunked}).
 *
 * <p>Checked, as for the other services, only for access keys registered
 * with {@code LocalAws#registerCredentials}; the date is not compared with a clock (see {@link SigV4}).
 */
final class S3Signatures {

    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    /** What a signed streaming body's chunk signatures chain from. */
    record Seed(byte[] signingKey, String amzDate, String scope, String signature) {
    }

    private S3Signatures() {
    }

    /**
     * The request's payload-hash header, checked against the body when it is a hash; then, with a registered secret,
     * the signature. The wire ({@link S3Wire#verify}) hands over the request's parts.
     *
     * @param headers         header names lowercased, each with its values
     * @param secretAccessKey the signing key's secret when it is registered, else {@code null}
     * @return the seed of a verified signature (for signed chunks), or {@code null} when nothing was verified
     */
    static Seed verify(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body,
                       String secretAccessKey) {
        String contentSha256 = header(headers, "x-amz-content-sha256");
        if (contentSha256 == null) {
            throw S3Errors.invalidRequest("Missing required header for this request: x-amz-content-sha256");
        }
        if (contentSha256.matches("[0-9a-fA-F]{64}")
                && !contentSha256.equalsIgnoreCase(SigV4.sha256Hex(body))) {
            throw S3Errors.contentSha256Mismatch();
        }
        if (secretAccessKey == null) {
            return null;
        }
        SigV4.Authorization auth = SigV4.authorization(headers)
                .orElseThrow(S3Errors::authorizationHeaderMalformed);
        String amzDate = header(headers, "x-amz-date");
        if (amzDate == null || !amzDate.startsWith(auth.date())) {
            throw S3Errors.signatureDoesNotMatch();
        }
        String canonical = SigV4.canonicalRequest(method, canonicalPath(rawPath), rawQuery,
                headers, auth.signedHeaders(), contentSha256);
        byte[] key = SigV4.signingKey(secretAccessKey, auth.date(), auth.region(), auth.service());
        String expected = SigV4.hmacHex(key, SigV4.stringToSign(amzDate, auth.date(), auth.region(), auth.service(), canonical));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                auth.signature().getBytes(StandardCharsets.US_ASCII))) {
            throw S3Errors.signatureDoesNotMatch();
        }
        return new Seed(key, amzDate, auth.scope(), auth.signature());
    }

    private static String header(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Each segment decoded and URI-encoded once. */
    static String canonicalPath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        List<String> encoded = new ArrayList<>();
        for (String segment : rawPath.split("/", -1)) {
            encoded.add(SigV4.encode(SigV4.decode(segment)));
        }
        return String.join("/", encoded);
    }

    /**
     * A chunk's signature: {@code AWS4-HMAC-SHA256-PAYLOAD}, the date, the scope, the previous signature, the hash of
     * nothing and the hash of the chunk's data (sigv4-streaming.html, "Signature calculation: chunked upload").
     */
    static String chunkSignature(Seed seed, String previous, byte[] chunk) {
        String toSign = "AWS4-HMAC-SHA256-PAYLOAD\n" + seed.amzDate() + "\n" + seed.scope() + "\n" + previous + "\n"
                + SigV4.sha256Hex(new byte[0]) + "\n" + SigV4.sha256Hex(chunk);
        return SigV4.hmacHex(seed.signingKey(), toSign);
    }

    /** The trailer's signature: {@code AWS4-HMAC-SHA256-TRAILER} over the canonical trailer headers (sigv4-streaming-trailers.html). */
    static String trailerSignature(Seed seed, String previous, String canonicalTrailers) {
        String toSign = "AWS4-HMAC-SHA256-TRAILER\n" + seed.amzDate() + "\n" + seed.scope() + "\n" + previous + "\n"
                + SigV4.sha256Hex(canonicalTrailers.getBytes(StandardCharsets.UTF_8));
        return SigV4.hmacHex(seed.signingKey(), toSign);
    }
}
