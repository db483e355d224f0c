package io.consulfactory.consul;

import io.consulfactory.consul.FakeConsul.View;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.consulfactory.consul.ServerSandbox.NODE;
import static io.consulfactory.consul.ServerSandbox.TIME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The join gate on the console (CONSOLE_PROTOCOL.md): after starting Consul, boot.sh asks the local agent
 * until it is a healthy voter with a leader and enough failure tolerance for three checks in a row, then
 * prints CONSUL_JOIN_RESULT=OK and installs the status timer; after the bound, CONSUL_JOIN_RESULT=FAILED
 * with the last thing it saw. The cluster here has 5 servers (the consul-server-count tag), so the failure
 * tolerance must be at least 2.
 */
class JoinResultTest {

    static final String FAILED = "CONSUL_JOIN_RESULT=FAILED node=" + NODE + " at=" + TIME + " reason=";
    /** What Consul at the final stage says of itself. */
    static final String SECURED = "gossip=verified tls=verified acl=deny";

    @TempDir
    Path dir;
    ServerSandbox server;

    @BeforeEach
    void server() throws Exception {
        server = new ServerSandbox(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aHealthyVoterWithALeaderForThreeChecksReportsOkAndInstallsTheStatusTimer() throws Exception {
        server.consul.answering(View.healthyFollower(5));

        ScriptSandbox.Result result = server.boot();

        assertEquals(0, result.exit(), result.stderr());
        server.consoleLine("CONSUL_JOIN_RESULT=", "CONSUL_JOIN_RESULT=OK node=" + NODE + " leader=10\\.0\\.2\\.10:8300 voters=5"
                + " failure_tolerance=2 " + SECURED + " at=" + TIME);
        assertEquals(List.of("CONSUL_JOIN_RESULT=OK"), result.stdout().lines().map(l -> l.substring(0, l.indexOf(' '))).toList(),
                "stdout (cloud-init's log) carries the same one line");
        assertEquals(3, server.consul.checks(), "OK after exactly three good checks, then no more polling");
        assertEquals(List.of("systemctl enable --now consul", "systemctl daemon-reload", "systemctl enable --now consul-status.timer"),
                server.box.calls("systemctl"));
        assertEquals(Files.readString(dir.resolve("script.sh")), Files.readString(server.reporter), "the reporter is this script");
        assertTrue(Files.isExecutable(server.reporter));
        Path units = server.box.root.resolve("etc/systemd/system");
        assertTrue(Files.readString(units.resolve("consul-status.service")).contains("Type=oneshot\nExecStart=/opt/consul/bin/consul-report status\n"));
        String timer = Files.readString(units.resolve("consul-status.timer"));
        assertTrue(timer.contains("OnActiveSec=30s\nOnUnitActiveSec=30s\nAccuracySec=1s\n"), timer);
        assertTrue(timer.contains("WantedBy=timers.target"), timer);
        assertTrue(server.consul.requests().stream().noneMatch(r -> r.startsWith("PUT")), "boot changes nothing in Consul");
        assertFalse(server.box.consoleText().contains(FakeConsul.NODE_ID), "no API body reaches the console");
    }

    @Test
    void noLeaderFailsAfterTheBoundWithTheLanMemberCount() throws Exception {
        server.consul.answering(View.healthyFollower(5).withoutLeader(1));
        server.joinTimeout(3);

        ScriptSandbox.Result result = server.boot();

        assertNotEquals(0, result.exit(), "cloud-init marks the script failed");
        // The fake also lists a failed old server: only alive members count.
        server.consoleLine("CONSUL_JOIN_RESULT=", FAILED + "no leader; 1 LAN members");
        assertTrue(server.consul.checks() > 3, "polled until the bound: " + server.consul.checks());
        assertEquals(List.of("systemctl enable --now consul"), server.box.calls("systemctl"), "no status timer without a join");
        assertFalse(Files.exists(server.reporter));
    }

    @Test
    void aServerThatNeverBecomesAVoterFails() throws Exception {
        server.consul.answering(View.healthyFollower(5).nonVoter());
        server.joinTimeout(2);

        ScriptSandbox.Result result = server.boot();

        assertNotEquals(0, result.exit());
        server.consoleLine("CONSUL_JOIN_RESULT=", FAILED + "not a voter");
    }

    @Test
    void anAgentThatDoesNotRunFailsWithTheLastLineOfItsJournal() throws Exception {
        server.consul.close(); // connection refused on the API port
        server.journal("==> Error starting agent: Failed to start Consul server: Failed to start Raft: bind: address already in use");
        server.joinTimeout(2);

        ScriptSandbox.Result result = server.boot();

        assertNotEquals(0, result.exit());
        server.consoleLine("CONSUL_JOIN_RESULT=", FAILED + "agent not running: ==> Error starting agent: Failed to start Consul"
                + " server: Failed to start Raft: bind: address already in use");
        assertTrue(server.box.calls("journalctl").contains("journalctl -u consul -n 1 --no-pager -o cat"));
    }

    @Test
    void anUnhealthyServerFailsEvenInAHealthyLookingCluster() throws Exception {
        server.consul.answering(View.healthyFollower(5).serverUnhealthy());
        server.joinTimeout(2);

        server.boot();

        server.consoleLine("CONSUL_JOIN_RESULT=", FAILED + "autopilot reports this server unhealthy");
    }

    @Test
    void anUnhealthyClusterFailsThoughAutopilotAnswers429() throws Exception {
        server.consul.answering(View.healthyFollower(5).clusterUnhealthy());
        server.joinTimeout(2);

        server.boot();

        server.consoleLine("CONSUL_JOIN_RESULT=", FAILED + "autopilot reports the cluster unhealthy");
    }

    @Test
    void tooLittleFailureToleranceForTheTaggedServerCountFails() throws Exception {
        server.consul.answering(View.healthyFollower(5).failureTolerance(1));
        server.joinTimeout(2);

        server.boot();

        server.consoleLine("CONSUL_JOIN_RESULT=", FAILED + "failure tolerance 1 below 2");
    }

    @Test
    void aCheckThatFailsInBetweenStartsTheCountOfThreeAgain() throws Exception {
        View good = View.healthyFollower(5);
        // Leadership flaps at checks 3 and 5: the three in a row are checks 6, 7 and 8.
        server.consul.answering(check -> check == 3 || check == 5 ? good.withoutLeader(5) : good);

        ScriptSandbox.Result result = server.boot();

        assertEquals(0, result.exit(), result.stderr());
        assertEquals(8, server.consul.checks());
        server.consoleLine("CONSUL_JOIN_RESULT=", "CONSUL_JOIN_RESULT=OK node=" + NODE + " leader=10\\.0\\.2\\.10:8300 voters=5"
                + " failure_tolerance=2 " + SECURED + " at=" + TIME);
    }

    @Test
    void aServerThatJoinsLateWithinTheBoundReportsOk() throws Exception {
        View good = View.healthyFollower(5);
        // As on a real boot: first no leader, then a non-voter during autopilot's stabilisation time.
        server.consul.answering(check -> check <= 2 ? good.withoutLeader(1) : check <= 4 ? good.nonVoter() : good);

        ScriptSandbox.Result result = server.boot();

        assertEquals(0, result.exit(), result.stderr());
        assertEquals(7, server.consul.checks());
        assertEquals(1, server.consoleLines("CONSUL_JOIN_RESULT=OK ").size());
    }
}
