package io.consulfactory.local.cloud.s3;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * One bucket: its settings as put (versioning, default encryption, public access block, policy, lifecycle) and its
 * objects, each key with its versions oldest first, the last one current. Versioning follows the user guide's
 * "Retaining multiple versions of objects with S3 Versioning"
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html): while Enabled every PUT adds a version with a new id
 * and a DELETE without a version id adds a delete marker; unversioned (never enabled) or Suspended, a PUT or DELETE
 * replaces the version whose id is {@code null}; a DELETE with a version id removes that version for good.
 * State only; {@link Buckets} holds the rules that span buckets, the wire is {@link S3Wire}'s.
 */
public final class Bucket {

    /** GetBucketVersioning's Status: {@code null} for a bucket never versioned. */
    public enum Versioning { ENABLED, SUSPENDED }

    final String name;
    final String region;
    final Instant created;
    Versioning versioning;
    /** PutBucketEncryption's document, or {@code null}: then the default, SSE-S3 (AES256), applies. */
    String encryptionXml;
    String publicAccessBlockXml;
    String policy;
    Lifecycle lifecycle;
    /** Keys in UTF-8 binary order, as ListObjectsV2 returns them ("in UTF-8 binary order"); Java's order agrees for the BMP. */
    final NavigableMap<String, List<ObjectVersion>> objects = new TreeMap<>();

    Bucket(String name, String region, Instant created) {
        this.name = name;
        this.region = region;
        this.created = created;
    }

    public String name() {
        return name;
    }

    public String region() {
        return region;
    }

    public Optional<Versioning> versioning() {
        return Optional.ofNullable(versioning);
    }

    public Optional<String> policy() {
        return Optional.ofNullable(policy);
    }

    public Optional<String> encryptionXml() {
        return Optional.ofNullable(encryptionXml);
    }

    public Optional<String> publicAccessBlockXml() {
        return Optional.ofNullable(publicAccessBlockXml);
    }

    public Optional<String> lifecycleXml() {
        return Optional.ofNullable(lifecycle).map(Lifecycle::xml);
    }

    /** The current version of a key, unless it is a delete marker (then the key does not exist). */
    public Optional<ObjectVersion> current(String key) {
        List<ObjectVersion> versions = objects.get(key);
        if (versions == null || versions.isEmpty()) {
            return Optional.empty();
        }
        ObjectVersion v = versions.get(versions.size() - 1);
        return v.deleteMarker() ? Optional.empty() : Optional.of(v);
    }

    /** Every version of a key, oldest first (delete markers included). */
    public List<ObjectVersion> versions(String key) {
        return List.copyOf(objects.getOrDefault(key, List.of()));
    }

    boolean empty() {
        return objects.isEmpty();
    }

    /** The id the next version gets: a new one while versioning is enabled, else {@code null}'s. */
    private String nextId(Supplier<String> newVersionId) {
        return versioning == Versioning.ENABLED ? newVersionId.get() : ObjectVersion.NULL_VERSION;
    }

    ObjectVersion put(String key, byte[] data, String contentType, Map<String, String> metadata,
                      Map<String, String> checksums, Instant now, Supplier<String> newVersionId) {
        ObjectVersion v = new ObjectVersion(key, nextId(newVersionId), data.clone(), Checksums.etag(data), contentType,
                Map.copyOf(metadata), Map.copyOf(checksums), now, false);
        add(v);
        return v;
    }

    private void add(ObjectVersion v) {
        List<ObjectVersion> versions = objects.computeIfAbsent(v.key(), k -> new ArrayList<>());
        if (ObjectVersion.NULL_VERSION.equals(v.versionId())) {
            versions.removeIf(o -> ObjectVersion.NULL_VERSION.equals(o.versionId()));
        }
        versions.add(v);
    }

    /** DeleteObject without a version id: removes the object, or (versioned) puts a delete marker on top of it. */
    ObjectVersion deleteCurrent(String key, Instant now, Supplier<String> newVersionId) {
        if (versioning == null) {
            objects.remove(key);
            return null;
        }
        ObjectVersion marker = ObjectVersion.deleteMarker(key, nextId(newVersionId), now);
        add(marker);
        return marker;
    }

    /** DeleteObject with a version id: that version (or delete marker) is gone; empty when there was none. */
    Optional<ObjectVersion> deleteVersion(String key, String versionId) {
        List<ObjectVersion> versions = objects.get(key);
        if (versions == null) {
            return Optional.empty();
        }
        for (Iterator<ObjectVersion> it = versions.iterator(); it.hasNext(); ) {
            ObjectVersion v = it.next();
            if (v.versionId().equals(versionId)) {
                it.remove();
                if (versions.isEmpty()) {
                    objects.remove(key);
                }
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    Optional<ObjectVersion> version(String key, String versionId) {
        return objects.getOrDefault(key, List.of()).stream().filter(v -> v.versionId().equals(versionId)).findFirst();
    }

    /** The lifecycle's expirations due by {@code now} (see {@link Lifecycle}). */
    void expire(Instant now, Supplier<String> newVersionId) {
        if (lifecycle == null) {
            return;
        }
        for (String key : List.copyOf(objects.keySet())) {
            List<ObjectVersion> versions = objects.get(key);
            // noncurrent versions: each became noncurrent when the next one was made
            List<ObjectVersion> expired = new ArrayList<>();
            for (int i = 0; i + 1 < versions.size(); i++) {
                if (lifecycle.noncurrentExpired(key, versions.get(i + 1).lastModified(), now)) {
                    expired.add(versions.get(i));
                }
            }
            versions.removeAll(expired);
            ObjectVersion current = versions.get(versions.size() - 1);
            if (!current.deleteMarker() && lifecycle.currentExpired(key, current.lastModified(), now)) {
                deleteCurrent(key, now, newVersionId);
            }
            if (objects.containsKey(key) && objects.get(key).isEmpty()) {
                objects.remove(key);
            }
        }
    }
}
