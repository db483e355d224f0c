package io.consulfactory.snapshot;

import io.consulfactory.lambda.PollState;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A snapshot on request (contract 15): RequestSnapshot tags every in-service server with a new id; CheckSnapshot reads
 * the consoles for the leader's line about that id: READY with the key, FAILED with the reason, else PENDING (15 s),
 * bounded by maxChecks.
 */
class SnapshotRequestTest {

    static final Instant NOW = Instant.parse("2026-01-05T09:00:00Z");
    static final String KEY = "consul-dc1/20260105T090031Z-142.snap";

    final FakeServers cluster = new FakeServers("consul-dc1", "i-0aaa", "i-0bbb", "i-0ccc");

    private SnapshotStatus requested() {
        return new RequestSnapshot(cluster.servers(), new SecureRandom()).request("consul-dc1", null, NOW);
    }

    @Test
    void everyServerInServiceIsTaggedWithOneNewId() {
        cluster.lifecycle.put("i-0ddd", "Terminating:Wait");
        cluster.tags.put("i-0ddd", new java.util.LinkedHashMap<>());

        SnapshotStatus request = requested();

        assertEquals(PollState.PENDING, request.status());
        assertTrue(request.requestId().matches("snap-20260105T090000Z-[0-9a-f]{8}"), request.requestId());
        assertEquals(45, request.nextCheckSeconds());
        for (String id : List.of("i-0aaa", "i-0bbb", "i-0ccc")) {
            assertEquals(Map.of(RequestSnapshot.TAG, request.requestId()), cluster.tags.get(id));
        }
        assertEquals(Map.of(), cluster.tags.get("i-0ddd"), "a server on its way out is not asked");
        assertTrue(!request.requestId().equals(requested().requestId()), "each request its own id");
    }

    @Test
    void aRetryOfAPendingRequestTagsTheSameId() {
        SnapshotStatus first = requested();

        SnapshotStatus again = new RequestSnapshot(cluster.servers(), new SecureRandom()).request("consul-dc1", first, NOW);

        assertEquals(first.requestId(), again.requestId());
    }

    @Test
    void aClusterWithoutServersFailsAtOnce() {
        SnapshotStatus request = new RequestSnapshot(new FakeServers("consul-dc1").servers(), new SecureRandom())
                .request("consul-dc1", null, NOW);

        assertEquals(PollState.FAILED, request.status());
        assertTrue(request.reason().contains("no server in service"), request.reason());
    }

    @Test
    void theLeadersLineMakesItReadyWithTheKey() {
        SnapshotStatus request = requested();
        CheckSnapshot check = new CheckSnapshot(cluster.servers());

        SnapshotStatus pending = check.check("consul-dc1", request, 40);
        assertEquals(PollState.PENDING, pending.status());
        assertEquals(15, pending.nextCheckSeconds());
        assertEquals(1, pending.checks());

        cluster.prints("i-0bbb", "CONSUL_SNAPSHOT request=hourly key=consul-dc1/20260105T080000Z-99.snap index=99 at=2026-01-05T08:00:00Z");
        cluster.prints("i-0bbb", "CONSUL_SNAPSHOT request=" + request.requestId() + " key=" + KEY + " index=142 at=2026-01-05T09:00:31Z");
        SnapshotStatus ready = check.check("consul-dc1", pending, 40);

        assertEquals(PollState.READY, ready.status());
        assertEquals(KEY, ready.key());
        assertEquals(request.requestId(), ready.requestId());
        assertEquals(0, ready.nextCheckSeconds());
        assertNull(ready.reason());
    }

    @Test
    void aFailedLineFailsWithItsReason() {
        SnapshotStatus request = requested();
        cluster.prints("i-0ccc", "CONSUL_SNAPSHOT request=" + request.requestId() + " result=FAILED at=2026-01-05T09:00:31Z"
                + " reason=S3 PutObject consul-dc1/x.snap: AccessDenied: not authorized");

        SnapshotStatus failed = new CheckSnapshot(cluster.servers()).check("consul-dc1", request, 40);

        assertEquals(PollState.FAILED, failed.status());
        assertTrue(failed.reason().endsWith("S3 PutObject consul-dc1/x.snap: AccessDenied: not authorized"), failed.reason());
    }

    @Test
    void noAnswerWithinMaxChecksFails() {
        SnapshotStatus status = requested();
        CheckSnapshot check = new CheckSnapshot(cluster.servers());
        for (int i = 0; i < 3; i++) {
            status = check.check("consul-dc1", status, 3);
        }

        assertEquals(PollState.FAILED, status.status());
        assertEquals(3, status.checks());
        assertTrue(status.reason().contains("after 3 checks"), status.reason());
        assertEquals(status, check.check("consul-dc1", status, 3), "a settled answer stays as it is");
    }
}
