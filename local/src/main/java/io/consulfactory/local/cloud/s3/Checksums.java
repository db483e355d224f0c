package io.consulfactory.local.cloud.s3;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The integrity checks S3 makes of an upload (docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html):
 * {@code Content-MD5} (base64 of the MD5) and the {@code x-amz-checksum-<algorithm>} values (base64 of the big-endian
 * checksum: CRC32, CRC32C, CRC64NVME, SHA1, SHA256), sent as headers or as aws-chunked trailers. The ETag of an
 * object put in one part with SSE-S3 is the hex MD5 of its bytes, in double quotes.
 */
final class Checksums {

    /** The algorithms, by their header suffix, as S3 names them in {@code ChecksumAlgorithm}. */
    static final List<String> ALGORITHMS = List.of("CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256");

    private Checksums() {
    }

    static String etag(byte[] data) {
        return "\"" + HexFormat.of().formatHex(digest("MD5", data)) + "\"";
    }

    /** Checks {@code Content-MD5}, if given. */
    static void checkContentMd5(String contentMd5, byte[] data) {
        if (contentMd5 == null) {
            return;
        }
        byte[] sent;
        try {
            sent = Base64.getDecoder().decode(contentMd5.trim());
        } catch (IllegalArgumentException e) {
            throw S3Errors.invalidDigest();
        }
        if (sent.length != 16) {
            throw S3Errors.invalidDigest();
        }
        if (!MessageDigest.isEqual(sent, digest("MD5", data))) {
            throw S3Errors.badMd5();
        }
    }

    /**
     * Checks every {@code x-amz-checksum-*} value given (headers and trailers, by lowercased name) and returns them by
     * algorithm, to be kept with the object and given back with {@code x-amz-checksum-mode: ENABLED}.
     */
    static Map<String, String> check(Map<String, String> given, byte[] data) {
        Map<String, String> kept = new LinkedHashMap<>();
        for (String algorithm : ALGORITHMS) {
            String value = given.get("x-amz-checksum-" + algorithm.toLowerCase(Locale.ROOT));
            if (value == null) {
                continue;
            }
            String computed = compute(algorithm, data);
            byte[] sent;
            try {
                sent = Base64.getDecoder().decode(value.trim());
            } catch (IllegalArgumentException e) {
                throw S3Errors.invalidChecksum(algorithm);
            }
            if (!MessageDigest.isEqual(sent, Base64.getDecoder().decode(computed))) {
                throw S3Errors.badChecksum(algorithm);
            }
            kept.put(algorithm, computed);
        }
        return kept;
    }

    /** The base64 checksum of the data. */
    static String compute(String algorithm, byte[] data) {
        byte[] value = switch (algorithm) {
            case "CRC32" -> {
                CRC32 crc = new CRC32();
                crc.update(data);
                yield ByteBuffer.allocate(4).putInt((int) crc.getValue()).array();
            }
            case "CRC32C" -> {
                CRC32C crc = new CRC32C();
                crc.update(data);
                yield ByteBuffer.allocate(4).putInt((int) crc.getValue()).array();
            }
            case "CRC64NVME" -> ByteBuffer.allocate(8).putLong(crc64nvme(data)).array();
            case "SHA1" -> digest("SHA-1", data);
            case "SHA256" -> digest("SHA-256", data);
            default -> throw new IllegalArgumentException(algorithm);
        };
        return Base64.getEncoder().encodeToString(value);
    }

    /** The reflected polynomial of CRC-64/NVME (NVM Express base specification; the SDKs' CRC64NVME). */
    private static final long CRC64_NVME_POLY = 0x9a6c9329ac4bc9b5L;
    private static final long[] CRC64_TABLE = new long[256];

    static {
        for (int n = 0; n < 256; n++) {
            long crc = n;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ CRC64_NVME_POLY : crc >>> 1;
            }
            CRC64_TABLE[n] = crc;
        }
    }

    static long crc64nvme(byte[] data) {
        long crc = ~0L;
        for (byte b : data) {
            crc = CRC64_TABLE[(int) ((crc ^ b) & 0xff)] ^ (crc >>> 8);
        }
        return ~crc;
    }

    static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
