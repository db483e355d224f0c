package io.consulfactory.local.cloud.s3;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The account's buckets and the rules of S3 that the operations follow: bucket naming, creation per Region, the
 * empty-bucket rule for deletion, versions, listing. State, no wire; errors from {@link S3Errors}.
 *
 * <p>Simplifications: one account, so no bucket is ever another account's ({@code BucketAlreadyExists} never
 * happens); a bucket answers in whatever Region a request is signed for (S3 would redirect with a 301); bucket
 * names are not reserved after deletion.
 */
final class Buckets {

    /** "Bucket names must be between 3 and 63 characters long ... lowercase letters, numbers, dots, and hyphens ... begin and end with a letter or number" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html). */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
    /** "The name of each object ... up to 1,024 bytes long" (UTF-8): https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html. */
    static final int MAX_KEY_BYTES = 1024;
    /** ListObjectsV2 MaxKeys: "returns up to 1,000 key names" (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html). */
    static final int MAX_KEYS = 1000;

    private final Map<String, Bucket> buckets = new TreeMap<>();
    private Random random = new Random(7);

    void reset() {
        buckets.clear();
        random = new Random(7);
    }

    /** A version id in S3's shape: 32 URL-safe characters (deterministic per reset). */
    String newVersionId() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._";
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    /**
     * CreateBucket. The Region is the request's; a {@code LocationConstraint} must name it, and outside us-east-1 must
     * be given ("If you don't specify a Region, the bucket is created in the US East (N. Virginia) Region"; the
     * reference's us-east-1 note: a LocationConstraint of us-east-1 is refused). Re-creating an owned bucket:
     * BucketAlreadyOwnedByYou, "except in the North Virginia Region. For legacy compatibility, if you re-create an
     * existing bucket that you already own in the North Virginia Region, Amazon S3 returns 200 OK".
     */
    Bucket create(String name, String requestRegion, String locationConstraint, Instant now) {
        if (name == null || !NAME.matcher(name).matches() || IP.matcher(name).matches() || name.contains("..")
                || name.startsWith("xn--") || name.endsWith("-s3alias")) {
            throw S3Errors.invalidBucketName();
        }
        if ("us-east-1".equals(requestRegion)) {
            if ("us-east-1".equals(locationConstraint)) {
                throw S3Errors.invalidLocationConstraint();
            }
            if (locationConstraint != null) {
                throw S3Errors.illegalLocationConstraint(locationConstraint, requestRegion);
            }
        } else if (locationConstraint == null || !locationConstraint.equals(requestRegion)) {
            throw S3Errors.illegalLocationConstraint(locationConstraint, requestRegion);
        }
        Bucket existing = buckets.get(name);
        if (existing != null) {
            if ("us-east-1".equals(requestRegion) && "us-east-1".equals(existing.region)) {
                return existing;
            }
            throw S3Errors.bucketAlreadyOwnedByYou();
        }
        Bucket bucket = new Bucket(name, requestRegion, now);
        buckets.put(name, bucket);
        return bucket;
    }

    Optional<Bucket> find(String name) {
        return Optional.ofNullable(name == null ? null : buckets.get(name));
    }

    Bucket require(String name) {
        return find(name).orElseThrow(S3Errors::noSuchBucket);
    }

    List<Bucket> all() {
        return List.copyOf(buckets.values());
    }

    /** DeleteBucket: "All objects (including all object versions and delete markers) in the bucket must be deleted". */
    void delete(String name) {
        Bucket bucket = require(name);
        if (!bucket.empty()) {
            throw S3Errors.bucketNotEmpty();
        }
        buckets.remove(name);
    }

    static void checkKey(String key) {
        if (key == null || key.isEmpty()) {
            throw S3Errors.emptyKey();
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw S3Errors.keyTooLong();
        }
    }

    ObjectVersion put(String bucketName, String key, byte[] data, String contentType, Map<String, String> metadata,
                      Map<String, String> checksums, Instant now) {
        Bucket bucket = require(bucketName);
        checkKey(key);
        return bucket.put(key, data, contentType == null ? "binary/octet-stream" : contentType, metadata, checksums,
                now, this::newVersionId);
    }

    /**
     * PutObject with {@code If-None-Match: *}: it puts only when no object has the key, else PreconditionFailed
     * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html).
     */
    void requireNoObject(String bucketName, String key) {
        if (require(bucketName).current(key).isPresent()) {
            throw S3Errors.preconditionFailed();
        }
    }

    /** What CopyObject did: the version copied and the version it made. */
    record Copied(ObjectVersion from, ObjectVersion copy) {
    }

    /**
     * CopyObject: the source version's bytes and checksums under the destination key, with the source's content type
     * and metadata unless {@code replace} (then the request's: {@code x-amz-metadata-directive: REPLACE}). An object
     * is not copied onto itself without new metadata (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html).
     */
    Copied copy(String sourceBucket, String sourceKey, String versionId, String bucketName, String key, boolean replace,
                String contentType, Map<String, String> metadata, Instant now) {
        ObjectVersion from = get(sourceBucket, sourceKey, versionId);
        if (sourceBucket.equals(bucketName) && sourceKey.equals(key) && !replace) {
            throw S3Errors.copyToItself();
        }
        ObjectVersion copy = put(bucketName, key, from.data(), replace ? contentType : from.contentType(),
                replace ? metadata : from.metadata(), from.checksums(), now);
        return new Copied(from, copy);
    }

    /** GetObject / HeadObject: the current version, or the one named. */
    ObjectVersion get(String bucketName, String key, String versionId) {
        Bucket bucket = require(bucketName);
        if (versionId == null) {
            return bucket.current(key).orElseThrow(S3Errors::noSuchKey);
        }
        ObjectVersion v = bucket.version(key, versionId).orElseThrow(() -> versionIdValid(versionId)
                ? S3Errors.noSuchVersion() : S3Errors.invalidVersionId());
        if (v.deleteMarker()) {
            throw S3Errors.deleteMarkerVersion();
        }
        return v;
    }

    private static boolean versionIdValid(String versionId) {
        return versionId.equals(ObjectVersion.NULL_VERSION) || versionId.matches("[A-Za-z0-9._]{32}");
    }

    /**
     * What a DeleteObject did.
     *
     * @param versionId    the version removed, or the delete marker's id; {@code null} for an unversioned delete
     * @param deleteMarker a delete marker was made, or the version removed was one
     */
    record Deleted(String key, String versionId, boolean deleteMarker) {
    }

    /** DeleteObject: succeeds whether or not the key (or version) exists, as S3's does (204). */
    Deleted delete(String bucketName, String key, String versionId, Instant now) {
        Bucket bucket = require(bucketName);
        if (versionId == null) {
            ObjectVersion marker = bucket.deleteCurrent(key, now, this::newVersionId);
            return marker == null ? new Deleted(key, null, false) : new Deleted(key, marker.versionId(), true);
        }
        if (!versionIdValid(versionId)) {
            throw S3Errors.invalidVersionId();
        }
        return bucket.deleteVersion(key, versionId).map(v -> new Deleted(key, versionId, v.deleteMarker()))
                .orElse(new Deleted(key, versionId, false));
    }

    /**
     * One page of ListObjectsV2: keys (current versions that are not delete markers) under the prefix after
     * {@code after}, those with the delimiter after the prefix rolled up into common prefixes; each key or common
     * prefix counts toward max-keys ("A response can contain CommonPrefixes only if you specify a delimiter ...
     * each rolled-up result counts as only one return against the MaxKeys value",
     * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html).
     *
     * @param next the last key or prefix returned when the page is truncated, else {@code null}
     */
    record Page(List<ObjectVersion> contents, List<String> commonPrefixes, String next) {
    }

    /**
     * @param startAfter the request's start-after: keys after it
     * @param token      the last key or common prefix of the page before (from the continuation token), or {@code null}
     */
    Page list(String bucketName, String prefix, String delimiter, String startAfter, String token, int maxKeys) {
        Bucket bucket = require(bucketName);
        String after = token != null && (startAfter == null || token.compareTo(startAfter) > 0) ? token : startAfter;
        String p = prefix == null ? "" : prefix;
        List<ObjectVersion> contents = new ArrayList<>();
        Map<String, Boolean> prefixes = new LinkedHashMap<>();
        String last = null;
        var keys = after == null ? bucket.objects.navigableKeySet() : bucket.objects.navigableKeySet().tailSet(after, false);
        for (String key : keys) {
            if (!key.startsWith(p)) {
                if (key.compareTo(p) > 0) {
                    break;
                }
                continue;
            }
            Optional<ObjectVersion> current = bucket.current(key);
            if (current.isEmpty()) {
                continue;
            }
            String common = null;
            if (delimiter != null && !delimiter.isEmpty()) {
                int at = key.indexOf(delimiter, p.length());
                if (at >= 0) {
                    common = key.substring(0, at + delimiter.length());
                }
            }
            if (common != null && prefixes.containsKey(common)) {
                continue;
            }
            if (common != null && token != null && token.startsWith(common)) {
                continue; // the prefix was returned on an earlier page
            }
            if (contents.size() + prefixes.size() >= maxKeys) {
                return new Page(contents, List.copyOf(prefixes.keySet()), last);
            }
            if (common != null) {
                prefixes.put(common, true);
                last = common;
            } else {
                contents.add(current.get());
                last = key;
            }
        }
        return new Page(contents, List.copyOf(prefixes.keySet()), null);
    }

    /** One entry of ListObjectVersions: a version or a delete marker, and whether it is its key's current one. */
    record Listed(ObjectVersion version, boolean latest) {
    }

    /**
     * ListObjectVersions: every version and delete marker of the keys under the prefix, keys in order, each key's
     * newest first, as S3 lists them (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html).
     * Simplification: one page, whatever the number of versions.
     */
    List<Listed> versions(String bucketName, String prefix) {
        Bucket bucket = require(bucketName);
        List<Listed> listed = new ArrayList<>();
        for (Map.Entry<String, List<ObjectVersion>> e : bucket.objects.entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                continue;
            }
            List<ObjectVersion> versions = e.getValue();
            for (int i = versions.size() - 1; i >= 0; i--) {
                listed.add(new Listed(versions.get(i), i == versions.size() - 1));
            }
        }
        return listed;
    }

    void advanceTo(Instant now) {
        for (Bucket bucket : buckets.values()) {
            bucket.expire(now, this::newVersionId);
        }
    }
}
