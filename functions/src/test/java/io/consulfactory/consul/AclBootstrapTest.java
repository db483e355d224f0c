package io.consulfactory.consul;

import io.consulfactory.consul.FakeConsul.View;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.consulfactory.consul.ServerSandbox.NODE;
import static io.consulfactory.consul.ServerSandbox.TIME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ACLs on a new cluster (contract 14): Consul makes only the initial management token; once there is a
 * leader, {@code consul-secrets acl-bootstrap} makes the factory's three policies and the three tokens with
 * the SecretIDs from Secrets Manager, unless they exist, so every server may run it. Until the status token
 * exists, the join check is refused with 403 and says so.
 */
class AclBootstrapTest {

    @TempDir
    Path dir;
    ServerSandbox server;

    @BeforeEach
    void aNewCluster() throws Exception {
        server = new ServerSandbox(dir).freshCluster();
        server.consul.answering(View.healthyFollower(5));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private List<String> aclWrites() {
        return server.consul.requests().stream().filter(r -> r.startsWith("PUT /v1/acl/")).toList();
    }

    @Test
    void theFirstBootMakesThePoliciesAndTokensThenJoinsWithDenyByDefault() throws Exception {
        ScriptSandbox.Result result = server.boot();

        assertEquals(0, result.exit(), result.stderr());
        server.consoleLine("CONSUL_JOIN_RESULT=", "CONSUL_JOIN_RESULT=OK node=" + NODE + " leader=10\\.0\\.2\\.10:8300 voters=5"
                + " failure_tolerance=2 gossip=verified tls=verified acl=deny at=" + TIME);
        assertEquals(4, server.consul.checks(), "the first check is refused (no status token yet), then three good ones");
        assertTrue(result.stderr().contains("ACL policies and tokens in place (made 4 policies, 4 tokens)"), result.stderr());
        assertEquals(Map.of(
                "consul-factory-agent", "node_prefix \"\" { policy = \"write\" }\nservice_prefix \"\" { policy = \"read\" }\n",
                "consul-factory-status", "operator = \"read\"\nnode_prefix \"\" { policy = \"read\" }\nagent_prefix \"\" { policy = \"read\" }\n",
                "consul-factory-autopilot", "operator = \"write\"\n",
                "consul-factory-snapshot", "acl = \"write\"\n"), server.consul.policies());
        Map<String, FakeConsul.Token> tokens = server.consul.tokens();
        assertEquals(List.of("consul-factory-agent"), tokens.get(server.secrets.agent()).policies());
        assertEquals(List.of("consul-factory-status"), tokens.get(server.secrets.status()).policies());
        assertEquals(List.of("consul-factory-autopilot"), tokens.get(server.secrets.operator()).policies());
        assertEquals(List.of("consul-factory-snapshot"), tokens.get(server.secrets.snapshot()).policies());
        assertTrue(tokens.get(server.secrets.status()).description().startsWith("Consul Cluster Factory: "));
        assertEquals(8, aclWrites().size(), aclWrites().toString());
    }

    @Test
    void aSecondRunFindsEverythingAndChangesNothing() throws Exception {
        server.boot();
        int writes = aclWrites().size();

        ScriptSandbox.Result again = server.helper("acl-bootstrap", "--api", server.consul.url(), "--root", server.box.root.toString());

        assertEquals(0, again.exit(), again.stderr());
        assertEquals("ACL policies and tokens in place (made 0 policies, 0 tokens)\n", again.stdout());
        assertEquals(writes, aclWrites().size(), "no write on the second run");
    }

    @Test
    void aPolicyAnotherServerMadeIsUsedAsItIs() throws Exception {
        server.consul.policy("consul-factory-status", "operator = \"read\"\nnode_prefix \"\" { policy = \"read\" }\n"
                + "agent_prefix \"\" { policy = \"read\" }\n");

        ScriptSandbox.Result result = server.boot();

        assertEquals(0, result.exit(), result.stderr());
        assertTrue(result.stderr().contains("(made 3 policies, 4 tokens)"), result.stderr());
    }

    @Test
    void withoutAManagementTokenYetTheJoinFailsWithTheAclReason() throws Exception {
        server.consul.resetAcls(); // no leader has made the initial management token
        server.joinTimeout(2);

        ScriptSandbox.Result result = server.boot();

        assertNotEquals(0, result.exit());
        server.consoleLine("CONSUL_JOIN_RESULT=", "CONSUL_JOIN_RESULT=FAILED node=" + NODE + " at=" + TIME
                + " reason=ACL: the status token is not accepted yet");
        assertTrue(result.stderr().contains("ACL policies and tokens not made yet: the initial management token is not accepted yet"),
                result.stderr());
        assertTrue(aclWrites().isEmpty());
    }

    @Test
    void aStatusRunOnACLRefusalMakesTheTokensToo() throws Exception {
        server.consul.resetAcls();
        server.joinTimeout(1);
        server.boot();
        // The reporter was not installed by a failed join: run the script the timer would run.
        Files.createDirectories(server.reporter.getParent());
        Files.writeString(server.reporter, Files.readString(dir.resolve("script.sh")));
        server.consul.managementToken(server.secrets.management());

        ScriptSandbox.Result first = server.status();

        assertEquals(0, first.exit(), first.stderr());
        assertTrue(first.stderr().contains("status: ACL: the status token is not accepted yet"), first.stderr());
        assertTrue(first.stderr().contains("(made 4 policies, 4 tokens)"), first.stderr());
        ScriptSandbox.Result second = server.status();
        assertTrue(server.consoleLines("CONSUL_STATUS ").get(1).contains(" healthy=true "), server.consoleLines("CONSUL_STATUS ").toString());
        assertTrue(!second.stderr().contains("acl"), second.stderr());
    }

    @Test
    void aTokenAnotherServerMadeInBetweenIsNoFailure() throws Exception {
        server.consul.anotherServerMakesTokensFirst(); // our PUT answers 500 "SecretID is already in use"

        ScriptSandbox.Result result = server.boot();

        assertEquals(0, result.exit(), result.stderr());
        assertTrue(result.stderr().contains("ACL policies and tokens in place (made 4 policies, 0 tokens)"), result.stderr());
    }
}
