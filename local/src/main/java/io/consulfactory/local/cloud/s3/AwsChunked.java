package io.consulfactory.local.cloud.s3;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The aws-chunked body encoding the SDKs use for uploads over plain HTTP
 * (docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html and sigv4-streaming-trailers.html): the body is a
 * series of {@code <hex size>[;chunk-signature=<sig>]\r\n<data>\r\n}, a last chunk of size 0, then, with a
 * {@code -TRAILER} payload name, trailer lines {@code name:value\r\n} (a checksum the client computed while sending,
 * and {@code x-amz-trailer-signature} when signed) and an empty line. The real payload is the concatenation of the
 * chunks' data, of length {@code x-amz-decoded-content-length}.
 *
 * @param data     the payload
 * @param trailers the trailer headers by lowercased name (no signature)
 */
record AwsChunked(byte[] data, Map<String, String> trailers) {

    static final String SIGNED = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    static final String SIGNED_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
    static final String UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

    static boolean streaming(String contentSha256) {
        return contentSha256 != null && contentSha256.startsWith("STREAMING-");
    }

    /**
     * Decodes a streaming body; with a seed (a verified request signature) each chunk's signature and the trailer's
     * are checked in their chain.
     */
    static AwsChunked decode(byte[] body, String contentSha256, S3Signatures.Seed seed, String decodedLength) {
        boolean signed = SIGNED.equals(contentSha256) || SIGNED_TRAILER.equals(contentSha256);
        if (!signed && !UNSIGNED_TRAILER.equals(contentSha256)) {
            throw S3Errors.notImplemented("the payload signing " + contentSha256 + " (SigV4a)");
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        Map<String, String> trailers = new LinkedHashMap<>();
        String previous = seed == null ? null : seed.signature();
        int at = 0;
        while (true) {
            int eol = lineEnd(body, at);
            String header = new String(body, at, eol - at, StandardCharsets.US_ASCII);
            at = eol + 2;
            int semicolon = header.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semicolon < 0 ? header : header.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                throw S3Errors.incompleteBody();
            }
            if (size < 0 || at + size > body.length) {
                throw S3Errors.incompleteBody();
            }
            byte[] chunk = java.util.Arrays.copyOfRange(body, at, at + size);
            if (signed && seed != null) {
                String sent = semicolon < 0 ? "" : header.substring(semicolon + 1).replaceFirst("^chunk-signature=", "");
                String expected = S3Signatures.chunkSignature(seed, previous, chunk);
                if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), sent.getBytes(StandardCharsets.US_ASCII))) {
                    throw S3Errors.signatureDoesNotMatch();
                }
                previous = expected;
            }
            data.write(chunk, 0, size);
            at += size;
            if (size == 0) {
                break;
            }
            if (at + 2 > body.length || body[at] != '\r' || body[at + 1] != '\n') {
                throw S3Errors.incompleteBody();
            }
            at += 2;
        }
        StringBuilder canonicalTrailers = new StringBuilder();
        String trailerSignature = null;
        while (at < body.length) {
            int eol = lineEnd(body, at);
            String line = new String(body, at, eol - at, StandardCharsets.UTF_8);
            at = eol + 2;
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw S3Errors.incompleteBody();
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("x-amz-trailer-signature")) {
                trailerSignature = value;
            } else {
                trailers.put(name, value);
                canonicalTrailers.append(name).append(':').append(value).append('\n');
            }
        }
        if (SIGNED_TRAILER.equals(contentSha256) && seed != null) {
            String expected = S3Signatures.trailerSignature(seed, previous, canonicalTrailers.toString());
            if (trailerSignature == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                    trailerSignature.getBytes(StandardCharsets.US_ASCII))) {
                throw S3Errors.signatureDoesNotMatch();
            }
        }
        byte[] payload = data.toByteArray();
        if (decodedLength != null && !decodedLength.trim().equals(String.valueOf(payload.length))) {
            throw S3Errors.incompleteBody();
        }
        return new AwsChunked(payload, Map.copyOf(trailers));
    }

    private static int lineEnd(byte[] body, int from) {
        for (int i = from; i + 1 < body.length; i++) {
            if (body[i] == '\r' && body[i + 1] == '\n') {
                return i;
            }
        }
        throw S3Errors.incompleteBody();
    }
}
