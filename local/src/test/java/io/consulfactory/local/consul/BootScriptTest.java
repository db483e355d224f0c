package io.consulfactory.local.consul;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The contract's join condition, its reasons in order, and its lines to the letter. */
class BootScriptTest {

    private static final ServerApi HEALTHY = new ServerApi(true, null, "10.0.1.10:8300", 3, true, true, true, 1, 3, 3, true, null);

    @Test
    void passesWhenALeaderIsKnownThisNodeVotesAutopilotIsHealthyAndToleranceIsEnough() {
        assertNull(BootScript.failure(HEALTHY, 3));
        assertNull(BootScript.failure(HEALTHY, 1), "N=1 needs no tolerance");
    }

    @Test
    void failsWithTheFirstReasonInTheContractsOrder() {
        assertEquals("agent not running: -- No entries --",
                BootScript.failure(new ServerApi(false, "-- No entries --", "", 0, false, false, false, 0, 0, 0, true, null), 3));
        assertEquals("no leader; 2 LAN members", BootScript.failure(new ServerApi(true, null, "", 2, true, false, false, 0, 3, 3, true, null), 3));
        assertEquals("ACL: the status token is not accepted yet",
                BootScript.failure(new ServerApi(true, null, "10.0.1.10:8300", 4, false, false, false, 0, 3, 3, false, "gossip=verified tls=verified acl=deny"), 3),
                "after a leader is known, before anything the raft configuration says");
        assertEquals("not a voter", BootScript.failure(new ServerApi(true, null, "10.0.1.10:8300", 4, false, true, true, 1, 3, 3, true, null), 3));
        assertEquals("autopilot reports this server unhealthy",
                BootScript.failure(new ServerApi(true, null, "10.0.1.10:8300", 3, true, false, false, 0, 3, 3, true, null), 3));
        assertEquals("autopilot reports the cluster unhealthy",
                BootScript.failure(new ServerApi(true, null, "10.0.1.10:8300", 3, true, true, false, 0, 3, 3, true, null), 3));
        assertEquals("failure tolerance 1 below 2", BootScript.failure(HEALTHY, 5));
    }

    @Test
    void linesAreTheContractsToTheLetter() {
        Instant at = Instant.parse("2026-01-05T09:03:10.250Z");

        assertEquals("CONSUL_JOIN_RESULT=OK node=consul-0abc leader=10.0.1.10:8300 voters=3 failure_tolerance=1 at=2026-01-05T09:03:10Z",
                ConsoleLines.joinOk("consul-0abc", HEALTHY, at));
        assertEquals("CONSUL_JOIN_RESULT=FAILED node=consul-0abc at=2026-01-05T09:03:10Z reason=no leader; 1 LAN members",
                ConsoleLines.joinFailed("consul-0abc", at, "no leader; 1 LAN members"));
        assertEquals("CONSUL_STATUS node=consul-0abc leader=10.0.1.10:8300 voters=3 failure_tolerance=1 healthy=true min_quorum=3"
                + " at=2026-01-05T09:03:10Z", ConsoleLines.status("consul-0abc", HEALTHY, at));
        assertEquals("CONSUL_STATUS node=consul-0abc leader=none voters=3 failure_tolerance=0 healthy=false min_quorum=3"
                + " at=2026-01-05T09:03:10Z", ConsoleLines.status("consul-0abc",
                new ServerApi(true, null, "", 1, true, false, false, 0, 3, 3, true, null), at));
    }

    @Test
    void issue14sBootScriptPutsTheSecurityFieldsBeforeAt() {
        Instant at = Instant.parse("2026-01-05T09:03:10Z");
        ServerApi secure = new ServerApi(true, null, "10.0.1.10:8300", 3, true, true, true, 1, 3, 3, true,
                "gossip=verified tls=verified acl=deny");

        assertEquals("CONSUL_JOIN_RESULT=OK node=consul-0abc leader=10.0.1.10:8300 voters=3 failure_tolerance=1"
                + " gossip=verified tls=verified acl=deny at=2026-01-05T09:03:10Z", ConsoleLines.joinOk("consul-0abc", secure, at));
        assertEquals("CONSUL_STATUS node=consul-0abc leader=10.0.1.10:8300 voters=3 failure_tolerance=1 healthy=true min_quorum=3"
                + " gossip=verified tls=verified acl=deny at=2026-01-05T09:03:10Z", ConsoleLines.status("consul-0abc", secure, at));
    }
}
