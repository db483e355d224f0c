package io.consulfactory.cluster;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console protocol of boot.sh, as CheckCluster reads it. */
class ServerReportTest {

    @Test
    void readsTheJoinAndTheNewestStatusAmongTheBootOutput() {
        ServerReport.Console console = ServerReport.read("""
                [   12.3] cloud-init[812]: consul-boot: Consul started on consul-0abc (10.0.1.10)\r
                CONSUL_JOIN_RESULT=OK node=consul-0abc leader=10.0.1.10:8300 voters=3 failure_tolerance=1 at=2026-01-05T09:03:10Z\r
                CONSUL_STATUS node=consul-0abc leader=10.0.1.10:8300 voters=3 failure_tolerance=1 healthy=true min_quorum=3 at=2026-01-05T09:03:40Z\r
                CONSUL_STATUS node=consul-0abc leader=10.0.2.11:8300 voters=4 failure_tolerance=1 healthy=true min_quorum=3 at=2026-01-05T09:04:10Z\r
                """);

        ServerReport join = console.joinResult().orElseThrow();
        assertEquals(ServerReport.Kind.JOINED, join.kind());
        assertEquals("consul-0abc", join.node());
        assertEquals(Instant.parse("2026-01-05T09:03:10Z"), join.at());
        ServerReport latest = console.latest().orElseThrow();
        assertEquals(ServerReport.Kind.STATUS, latest.kind());
        assertEquals("10.0.2.11:8300", latest.leader());
        assertEquals(4, latest.voters());
        assertEquals(3, latest.minQuorum());
        assertTrue(latest.healthy());
    }

    @Test
    void aFailedJoinKeepsItsWholeReasonWithSpacesAndSemicolons() {
        ServerReport.Console console = ServerReport.read(
                "CONSUL_JOIN_RESULT=FAILED node=consul-0def at=2026-01-05T09:13:10Z reason=no leader; 1 LAN members\n");

        ServerReport join = console.joinResult().orElseThrow();
        assertEquals(ServerReport.Kind.JOIN_FAILED, join.kind());
        assertEquals("no leader; 1 LAN members", join.reason());
        assertEquals("consul-0def", join.node());
    }

    @Test
    void noLeaderAndUnreadableFieldsAreSaidAsSuch() {
        ServerReport r = ServerReport.parse("CONSUL_STATUS node=n leader=none voters=x healthy=false at=yesterday");

        assertNull(r.leader());
        assertEquals(-1, r.voters());
        assertEquals(-1, r.minQuorum());
        assertFalse(r.healthy());
        assertNull(r.at(), "a time that does not parse is never recent");
    }

    @Test
    void aConsoleWithoutReportsIsSilent() {
        assertTrue(ServerReport.read("Cloud-init v. 24.4 running 'modules:final'\r\nCONSUL_BAKE_RESULT=OK version=1.20.2\r\n").silent());
        assertTrue(ServerReport.read("").silent());
        assertNull(ServerReport.parse("CONSUL_JOIN_RESULT=MAYBE node=x"));
    }

    @Test
    void aStaleReportIsNotFresh() {
        ServerReport.Console console = ServerReport.read(
                "CONSUL_STATUS node=n leader=10.0.1.1:8300 voters=3 failure_tolerance=1 healthy=true min_quorum=3 at=2026-01-05T09:00:00Z\n");

        assertTrue(new ServerConsoles.Read(console, Instant.parse("2026-01-05T09:01:30Z")).fresh().isPresent());
        assertTrue(new ServerConsoles.Read(console, Instant.parse("2026-01-05T09:01:31Z")).fresh().isEmpty(),
                "three missed 30 s lines");
        assertTrue(new ServerConsoles.Read(console, null).fresh().isEmpty());
    }
}
