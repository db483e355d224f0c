package io.consulfactory.local.cloud.s3;

import java.time.Instant;
import java.util.Map;

/**
 * One version of an object, or a delete marker (no data). An unversioned bucket's objects, and those put while
 * versioning is suspended, have the version id {@code null} ("the version ID null", user guide: "Working with
 * objects in a versioning-suspended bucket"). Immutable; the bytes are never handed out without a copy.
 *
 * @param contentType as put, else {@code binary/octet-stream} (what S3 stores for a PUT without one)
 * @param metadata    the {@code x-amz-meta-*} headers, names lowercased without the prefix
 * @param checksums   the checksums given at upload and checked, by algorithm (CRC32 ...), base64
 */
public record ObjectVersion(String key, String versionId, byte[] data, String etag, String contentType,
                            Map<String, String> metadata, Map<String, String> checksums, Instant lastModified,
                            boolean deleteMarker) {

    public static final String NULL_VERSION = "null";

    static ObjectVersion deleteMarker(String key, String versionId, Instant at) {
        return new ObjectVersion(key, versionId, new byte[0], null, null, Map.of(), Map.of(), at, true);
    }

    public int size() {
        return data.length;
    }

    /** GetObject's If-Match: {@code *} or this version's ETag, with or without its double quotes. */
    boolean etagMatches(String ifMatch) {
        return ifMatch.equals("*") || ifMatch.equals(etag) || ("\"" + ifMatch + "\"").equals(etag);
    }

    /** A copy of the object's bytes. */
    public byte[] bytes() {
        return data.clone();
    }
}
