package io.consulfactory.plan;

import io.consulfactory.spec.ClusterSpec;
import io.consulfactory.spec.InvalidSpecException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static io.consulfactory.aws.AwsErrors.call;

/**
 * What the stack's snapshot bucket holds of a cluster, for the plan: the newest snapshot under {@code <cluster>/} (the
 * keys sort by time, {@code <yyyyMMdd'T'HHmmss'Z'>-<index>.snap}; LastModified decides, as an upload's time), checked
 * before a roll or a step of a running cluster, and the snapshot a new cluster's {@code restoreFrom} names.
 * ListObjectsV2 returns at most 1000 keys a page (docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html):
 * every page is read, the lifecycle rule keeps the prefix to about 24 a day.
 */
final class Snapshots {

    private final S3Client s3;

    Snapshots(S3Client s3) {
        this.s3 = s3;
    }

    Optional<S3Object> newest(String bucket, String prefix) {
        List<S3Object> all = call("s3:ListBucket", () -> s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix))
                .contents().stream().filter(o -> o.key().endsWith(".snap")).toList());
        return all.stream().max(Comparator.comparing(S3Object::lastModified).thenComparing(S3Object::key));
    }

    /** Refuses a roll or a step when no snapshot of the cluster is younger than {@code maxSnapshotAgeHours}. */
    void requireRecent(ClusterSpec spec, String bucket, Instant now, List<Change> changes) {
        List<String> risky = changes.stream().filter(c -> c.kind() == ChangeKind.ROLL || c.kind() == ChangeKind.STEP)
                .map(Change::field).distinct().toList();
        if (risky.isEmpty()) {
            return;
        }
        Optional<S3Object> newest = newest(bucket, spec.clusterName() + "/");
        Duration limit = Duration.ofHours(spec.maxSnapshotAgeHours());
        if (newest.isPresent() && Duration.between(newest.get().lastModified(), now).compareTo(limit) <= 0) {
            return;
        }
        String found = newest.map(o -> "the newest, s3://" + bucket + "/" + o.key() + ", is "
                + Duration.between(o.lastModified(), now).toHours() + " hours old").orElse("there is none under s3://" + bucket
                + "/" + spec.clusterName() + "/");
        throw InvalidSpecException.of("maxSnapshotAgeHours", "changing " + String.join(", ", risky) + " replaces servers of the"
                + " running cluster, which needs a snapshot of it younger than maxSnapshotAgeHours (" + spec.maxSnapshotAgeHours()
                + " hours), and " + found + ". Wait for the leader's hourly snapshot, take one now (README, \"Backups and"
                + " restore\": tag the servers consul-snapshot-request=<id>), or raise maxSnapshotAgeHours (up to 168)");
    }

    /**
     * The key a new cluster restores: {@code "latest"} is the newest under the cluster's own prefix (resolved now, before
     * the new cluster's own hourly snapshots land there), an {@code s3://} URL must name an object of the stack's bucket.
     */
    String restoreKey(ClusterSpec spec, String bucket) {
        if (spec.restoreFrom().equals("latest")) {
            return newest(bucket, spec.clusterName() + "/").map(S3Object::key).orElseThrow(() -> InvalidSpecException.of(
                    "restoreFrom", "\"latest\" found no snapshot under s3://" + bucket + "/" + spec.clusterName()
                            + "/: name one with s3://" + bucket + "/<cluster>/<name>.snap, or leave restoreFrom out"));
        }
        String prefix = "s3://" + bucket + "/";
        if (!spec.restoreFrom().startsWith(prefix)) {
            throw InvalidSpecException.of("restoreFrom", "names another bucket than the stack's snapshot bucket " + bucket
                    + ": the factory restores only the snapshots it saved there");
        }
        String key = spec.restoreFrom().substring(prefix.length());
        boolean exists = call("s3:ListBucket", () -> s3.listObjectsV2(r -> r.bucket(bucket).prefix(key).maxKeys(1)))
                .contents().stream().anyMatch(o -> o.key().equals(key));
        if (!exists) {
            throw InvalidSpecException.of("restoreFrom", "s3://" + bucket + "/" + key + " does not exist");
        }
        return key;
    }
}
