package io.consulfactory.consul;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consulfactory.consul.FakeConsul.View;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.consulfactory.consul.ServerSandbox.NODE;
import static io.consulfactory.consul.ServerSandbox.TIME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the status timer prints every 30 s once a server has joined: the reporter boot.sh installed, run as
 * {@code consul-report status}, prints one CONSUL_STATUS line (CONSOLE_PROTOCOL.md) and, on the leader
 * only, keeps autopilot's MinQuorum equal to the consul-server-count tag with a check-and-set PUT.
 */
class ConsulStatusTest {

    @TempDir
    Path dir;
    ServerSandbox server;

    @BeforeEach
    void aJoinedServer() throws Exception {
        server = new ServerSandbox(dir);
        server.consul.answering(View.healthyFollower(5)).minQuorum(5);
        ScriptSandbox.Result boot = server.boot();
        assertEquals(0, boot.exit(), boot.stderr());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String statusLine() throws Exception {
        List<String> lines = server.consoleLines("CONSUL_STATUS ");
        assertEquals(1, lines.size(), "one line per run: " + lines);
        return lines.get(0);
    }

    @Test
    void aFollowerPrintsWhatConsulSays() throws Exception {
        ScriptSandbox.Result result = server.status();

        assertEquals(0, result.exit(), result.stderr());
        assertTrue(statusLine().matches("CONSUL_STATUS node=" + NODE + " leader=10\\.0\\.2\\.10:8300 voters=5 failure_tolerance=2"
                + " healthy=true min_quorum=5 " + JoinResultTest.SECURED + " at=" + TIME), statusLine());
        assertTrue(server.consul.requests().stream().noneMatch(r -> r.startsWith("PUT")));
    }

    @Test
    void theLeaderSetsMinQuorumToTheTaggedServerCountWithCheckAndSet() throws Exception {
        server.consul.answering(View.healthyFollower(5).asLeader()).minQuorum(3);
        int index = server.consul.modifyIndex();

        ScriptSandbox.Result result = server.status();

        assertEquals(0, result.exit(), result.stderr());
        List<String> puts = server.consul.requests().stream().filter(r -> r.startsWith("PUT")).toList();
        assertEquals(1, puts.size(), puts.toString());
        assertTrue(puts.get(0).startsWith("PUT /v1/operator/autopilot/configuration?cas=" + index + " "), puts.get(0));
        JsonNode sent = new ObjectMapper().readTree(puts.get(0).substring(puts.get(0).indexOf(' ', 4) + 1));
        assertEquals(5, sent.get("MinQuorum").asInt());
        assertEquals("200ms", sent.get("LastContactThreshold").asText(), "the rest of the configuration is sent back as it was");
        assertTrue(sent.get("CleanupDeadServers").asBoolean());
        assertEquals(5, server.consul.minQuorum());
        assertTrue(statusLine().matches("CONSUL_STATUS node=" + NODE + " leader=10\\.0\\.2\\.37:8300 voters=5 failure_tolerance=2"
                + " healthy=true min_quorum=5 " + JoinResultTest.SECURED + " at=" + TIME), statusLine());
    }

    @Test
    void theLeaderFollowsARetaggedServerCountAndLeavesAnEqualOneAlone() throws Exception {
        server.consul.answering(View.healthyFollower(5).asLeader());
        server.metadata("tags/instance/consul-server-count", "3");

        server.status();
        server.status();

        assertEquals(3, server.consul.minQuorum());
        assertEquals(1, server.consul.requests().stream().filter(r -> r.startsWith("PUT")).count(), "the second run found 3 already");
    }

    @Test
    void aFollowerLeavesMinQuorumToTheLeader() throws Exception {
        server.consul.minQuorum(3);

        server.status();

        assertEquals(3, server.consul.minQuorum());
        assertTrue(server.consul.requests().stream().noneMatch(r -> r.startsWith("PUT")));
        assertTrue(statusLine().contains(" min_quorum=3 "), statusLine());
    }

    @Test
    void anAgentThatIsDownStillGetsALine() throws Exception {
        server.consul.close();

        ScriptSandbox.Result result = server.status();

        assertEquals(0, result.exit(), result.stderr());
        assertTrue(statusLine().matches("CONSUL_STATUS node=" + NODE + " leader=none voters=0 failure_tolerance=0 healthy=false"
                + " min_quorum=0 gossip=off tls=off acl=off at=" + TIME), statusLine());
        assertTrue(result.stderr().contains("status: agent not running: ==> Error starting agent"), result.stderr());
        assertTrue(server.box.consoleText().lines().noneMatch(l -> l.contains("status: agent not running")),
                "the why goes to the journal: every 30 s on the console it would crowd out the protocol lines");
    }

    @Test
    void aMetadataServiceThatIsDownStillGetsALineAndChangesNothing() throws Exception {
        server.consul.answering(View.healthyFollower(5).asLeader()).minQuorum(3);
        server.metadataServiceFailingFirst(1000);

        ScriptSandbox.Result result = server.status();

        assertEquals(0, result.exit(), result.stderr());
        assertTrue(statusLine().matches("CONSUL_STATUS node=" + NODE + " leader=10\\.0\\.2\\.37:8300 voters=5 failure_tolerance=2"
                + " healthy=true min_quorum=3 " + JoinResultTest.SECURED + " at=" + TIME), statusLine());
        assertEquals(3, server.consul.minQuorum(), "without the tag's N, MinQuorum stays as it is");
        assertTrue(result.stderr().contains("status without a server count"), result.stderr());
    }

    @Test
    void theSecurityFieldsAreWhatConsulReportsAtEachStage() throws Exception {
        String[] expected = {"gossip=off tls=off acl=off", "gossip=on tls=on acl=allow", "gossip=on tls=on acl=allow",
                "gossip=verified tls=verified acl=deny"};
        for (int stage = 0; stage <= 3; stage++) {
            server.consul.stage(stage);

            server.status();

            List<String> lines = server.consoleLines("CONSUL_STATUS ");
            String last = lines.get(lines.size() - 1);
            assertTrue(last.contains(" min_quorum=5 " + expected[stage] + " at="), "stage " + stage + ": " + last);
        }
    }

    @Test
    void onlyTheOperatorTokenMaySetMinQuorum() throws Exception {
        server.consul.answering(View.healthyFollower(5).asLeader()).minQuorum(3);
        java.nio.file.Files.delete(server.box.root.resolve("opt/consul/tokens/operator"));

        ScriptSandbox.Result result = server.status();

        assertEquals(0, result.exit(), result.stderr());
        assertEquals(3, server.consul.minQuorum(), "the PUT without the operator token is refused (deny by default)");
        assertTrue(result.stderr().contains("autopilot MinQuorum not set to 5"), result.stderr());
    }
}
