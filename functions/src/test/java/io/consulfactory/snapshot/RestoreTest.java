package io.consulfactory.snapshot;

import io.consulfactory.lambda.PollState;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A new cluster restored from a snapshot (contract 15): RestoreSnapshot copies another cluster's snapshot into this
 * cluster's prefix (the only one its servers may read) and tags the servers consul-restore-request=<key>; CheckRestore
 * reads the leader's CONSUL_RESTORE line.
 */
class RestoreTest {

    static final String BUCKET = "consul-cluster-factory-snapshots-123456789012-us-east-1";
    final FakeServers cluster = new FakeServers("consul-new", "i-0aaa", "i-0bbb", "i-0ccc");
    final List<String> copies = new ArrayList<>();
    final S3Client s3 = new S3Client() {
        @Override
        public CopyObjectResponse copyObject(CopyObjectRequest request) {
            copies.add(request.sourceBucket() + "/" + request.sourceKey() + " -> " + request.destinationBucket() + "/" + request.destinationKey());
            return CopyObjectResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "s3";
        }

        @Override
        public void close() {
        }
    };

    @Test
    void anotherClustersSnapshotIsCopiedIntoThisClustersPrefixThenRequested() {
        SnapshotStatus request = new RestoreSnapshot(cluster.servers(), s3).restore("consul-new", BUCKET, "consul-old/20260105T090000Z-100.snap");

        assertEquals(List.of(BUCKET + "/consul-old/20260105T090000Z-100.snap -> " + BUCKET + "/consul-new/20260105T090000Z-100.snap"), copies);
        assertEquals("consul-new/20260105T090000Z-100.snap", request.requestId());
        assertEquals(PollState.PENDING, request.status());
        assertEquals(Map.of(RestoreSnapshot.TAG, "consul-new/20260105T090000Z-100.snap"), cluster.tags.get("i-0bbb"));
    }

    @Test
    void theClustersOwnSnapshotIsNotCopied() {
        SnapshotStatus request = new RestoreSnapshot(cluster.servers(), s3).restore("consul-new", BUCKET, "consul-new/20260105T090000Z-7.snap");

        assertEquals(List.of(), copies);
        assertEquals("consul-new/20260105T090000Z-7.snap", request.requestId());
    }

    @Test
    void theLeadersLineSaysOkOrFailed() {
        SnapshotStatus request = new RestoreSnapshot(cluster.servers(), s3).restore("consul-new", BUCKET, "consul-new/20260105T090000Z-7.snap");
        CheckRestore check = new CheckRestore(cluster.servers());
        assertEquals(PollState.PENDING, check.check("consul-new", request, 40).status());

        cluster.prints("i-0aaa", "CONSUL_RESTORE key=consul-new/20260105T090000Z-7.snap result=OK at=2026-01-05T12:00:30Z");
        SnapshotStatus ok = check.check("consul-new", request, 40);
        assertEquals(PollState.READY, ok.status());
        assertEquals("consul-new/20260105T090000Z-7.snap", ok.key());

        FakeServers other = new FakeServers("consul-new", "i-0aaa");
        other.prints("i-0aaa", "CONSUL_RESTORE key=consul-new/20260105T090000Z-7.snap result=FAILED at=2026-01-05T12:00:30Z"
                + " reason=S3 GetObject consul-new/20260105T090000Z-7.snap: AccessDenied: Access Denied");
        SnapshotStatus failed = new CheckRestore(other.servers()).check("consul-new", request, 40);
        assertEquals(PollState.FAILED, failed.status());
        assertTrue(failed.reason().endsWith("AccessDenied: Access Denied"), failed.reason());
    }
}
