package io.consulfactory.snapshot;

import software.amazon.awssdk.services.s3.S3Client;

import java.util.List;

import static io.consulfactory.aws.AwsErrors.run;

/**
 * Restores a new cluster, once it is ready, from the snapshot its plan resolved ({@code $.changePlan.restore.key}):
 * a snapshot from another cluster's prefix is first copied into this cluster's own (S3 CopyObject), since its servers
 * may read that prefix only; then every in-service server is tagged {@code consul-restore-request=<key>}, and the
 * leader downloads and restores it ({@link CheckRestore} reads its {@code CONSUL_RESTORE} line). Copying again on a
 * retry overwrites the copy with the same bytes.
 */
public final class RestoreSnapshot {

    public static final String TAG = "consul-restore-request";

    private final ClusterServers servers;
    private final S3Client s3;

    RestoreSnapshot(ClusterServers servers, S3Client s3) {
        this.servers = servers;
        this.s3 = s3;
    }

    public SnapshotStatus restore(String clusterName, String bucket, String sourceKey) {
        String prefix = ClusterServers.checkedName(clusterName) + "/";
        String key = sourceKey.startsWith(prefix) ? sourceKey : prefix + sourceKey.substring(sourceKey.lastIndexOf('/') + 1);
        List<String> instances = servers.inService(clusterName);
        if (instances.isEmpty()) {
            return SnapshotStatus.failedAtOnce(key, "cluster " + clusterName + " has no server in service: nothing to restore into");
        }
        if (!key.equals(sourceKey)) {
            run("s3:CopyObject", () -> s3.copyObject(r -> r.sourceBucket(bucket).sourceKey(sourceKey)
                    .destinationBucket(bucket).destinationKey(key)));
        }
        servers.tag(instances, TAG, key);
        return SnapshotStatus.requested(key, "asked " + instances.size() + " servers (" + TAG + "=" + key + ")"
                + (key.equals(sourceKey) ? "" : ", copied from s3://" + bucket + "/" + sourceKey));
    }
}
