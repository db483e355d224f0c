package io.consulfactory.plan;

import io.consulfactory.spec.ClusterSpec;
import io.consulfactory.spec.ClusterSpecParser;
import io.consulfactory.spec.InvalidSpecException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plan's snapshot rules (contract 15): a roll or a step of a running cluster needs a snapshot of it younger than
 * maxSnapshotAgeHours (ListObjectsV2 on its prefix, the newest LastModified); restoreFrom resolves "latest" to the
 * newest key of the cluster's prefix and accepts an s3:// URL only in the stack's bucket and only if it exists.
 */
class SnapshotPreconditionTest {

    static final String BUCKET = "consul-cluster-factory-snapshots-123456789012-us-east-1";
    static final Instant NOW = Instant.parse("2026-01-05T12:00:00Z");

    final List<S3Object> objects = new ArrayList<>();
    final List<String> listed = new ArrayList<>();
    final S3Client s3 = new S3Client() {
        @Override
        public ListObjectsV2Response listObjectsV2(ListObjectsV2Request request) {
            listed.add(request.bucket() + " " + request.prefix());
            return ListObjectsV2Response.builder().contents(objects.stream().filter(o -> o.key().startsWith(request.prefix())).toList())
                    .isTruncated(false).build();
        }

        @Override
        public String serviceName() {
            return "s3";
        }

        @Override
        public void close() {
        }
    };

    static ClusterSpec spec(String extra) {
        return ClusterSpecParser.parse("{\"clusterName\":\"consul-dc1\",\"vpcId\":\"vpc-0a1b2c3d\",\"subnetIds\":[\"subnet-0a1b2c3d\"]"
                + extra + "}", null);
    }

    void snapshot(String key, Instant at) {
        objects.add(S3Object.builder().key(key).lastModified(at).size(1024L).build());
    }

    static final List<Change> ROLL = List.of(new Change("consulVersion", "1.20.2", "1.21.0", ChangeKind.ROLL, "a new image"));

    @Test
    void aRollWithARecentSnapshotGoesAhead() {
        snapshot("consul-dc1/20260105T110000Z-140.snap", Instant.parse("2026-01-05T11:00:01Z"));
        snapshot("consul-dc1-other/20260105T115900Z-9.snap", Instant.parse("2026-01-05T11:59:00Z"));

        new Snapshots(s3).requireRecent(spec(""), BUCKET, NOW, ROLL);

        assertEquals(List.of(BUCKET + " consul-dc1/"), listed);
    }

    @Test
    void aRollWithoutARecentSnapshotIsRefusedNamingTheFieldAndTheWayOut() {
        snapshot("consul-dc1/20260105T070000Z-120.snap", Instant.parse("2026-01-05T07:00:01Z"));

        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> new Snapshots(s3).requireRecent(spec(""), BUCKET, NOW, ROLL));

        assertTrue(e.getMessage().contains("maxSnapshotAgeHours"), e.getMessage());
        assertTrue(e.getMessage().contains("s3://" + BUCKET + "/consul-dc1/20260105T070000Z-120.snap, is 4 hours old"), e.getMessage());
        assertTrue(e.getMessage().contains("hourly snapshot") && e.getMessage().contains("consul-snapshot-request"), e.getMessage());
        new Snapshots(s3).requireRecent(spec(",\"maxSnapshotAgeHours\":5"), BUCKET, NOW, ROLL);
    }

    @Test
    void aStepWithNoSnapshotAtAllIsRefused() {
        List<Change> step = List.of(new Change("serverCount", "3", "5", ChangeKind.STEP, "one server at a time"));

        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> new Snapshots(s3).requireRecent(spec(""), BUCKET, NOW, step));
        assertTrue(e.getMessage().contains("there is none under s3://" + BUCKET + "/consul-dc1/"), e.getMessage());
    }

    @Test
    void inPlaceChangesNeedNoSnapshot() {
        new Snapshots(s3).requireRecent(spec(""), BUCKET, NOW,
                List.of(new Change("keepImages", "3", "5", ChangeKind.IN_PLACE, "the factory's own setting")));

        assertEquals(List.of(), listed, "not even a look at the bucket");
    }

    @Test
    void latestIsTheNewestOfTheClustersOwnPrefix() {
        snapshot("consul-dc1/20260105T090000Z-100.snap", Instant.parse("2026-01-05T09:00:01Z"));
        snapshot("consul-dc1/20260105T100000Z-110.snap", Instant.parse("2026-01-05T10:00:01Z"));

        assertEquals("consul-dc1/20260105T100000Z-110.snap", new Snapshots(s3).restoreKey(spec(",\"restoreFrom\":\"latest\""), BUCKET));
        objects.clear();
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> new Snapshots(s3).restoreKey(spec(",\"restoreFrom\":\"latest\""), BUCKET));
        assertTrue(e.getMessage().contains("restoreFrom"), e.getMessage());
    }

    @Test
    void anS3UrlMustNameAnObjectOfTheStacksBucket() {
        snapshot("consul-old/20260105T090000Z-100.snap", Instant.parse("2026-01-05T09:00:01Z"));

        assertEquals("consul-old/20260105T090000Z-100.snap", new Snapshots(s3).restoreKey(
                spec(",\"restoreFrom\":\"s3://" + BUCKET + "/consul-old/20260105T090000Z-100.snap\""), BUCKET));
        assertThrows(InvalidSpecException.class, () -> new Snapshots(s3).restoreKey(
                spec(",\"restoreFrom\":\"s3://another-bucket/consul-old/20260105T090000Z-100.snap\""), BUCKET));
        assertThrows(InvalidSpecException.class, () -> new Snapshots(s3).restoreKey(
                spec(",\"restoreFrom\":\"s3://" + BUCKET + "/consul-old/20260105T090000Z-1.snap\""), BUCKET));
    }

    @Test
    void theSpecRefusesRestoreFromThatIsNeitherLatestNorASnapshotUrl() {
        for (String bad : List.of("newest", "s3://" + BUCKET + "/consul-dc1/../x.snap", "s3://" + BUCKET + "/x.snap", "/tmp/x.snap")) {
            InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> spec(",\"restoreFrom\":\"" + bad + "\""), bad);
            assertTrue(e.getMessage().contains("restoreFrom"), e.getMessage());
        }
        for (String bad : List.of("0", "169")) {
            assertThrows(InvalidSpecException.class, () -> spec(",\"maxSnapshotAgeHours\":" + bad), bad);
        }
        assertEquals(2, spec("").maxSnapshotAgeHours());
    }
}
