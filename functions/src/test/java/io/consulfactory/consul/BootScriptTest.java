package io.consulfactory.consul;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.consulfactory.consul.ServerSandbox.IP;
import static io.consulfactory.consul.ServerSandbox.NODE;
import static io.consulfactory.consul.ServerSandbox.TIME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * boot.sh, run for real in a temporary root: IMDSv2 is a curl stub, the local Consul agent a fake HTTP API
 * reached with the real curl. Here: naming the host, the config, the server count from the instance tag,
 * and starting Consul. The join gate's verdicts are in {@link JoinResultTest}.
 */
class BootScriptTest {

    @TempDir
    Path dir;
    ServerSandbox server;

    @BeforeEach
    void server() throws IOException {
        server = new ServerSandbox(dir);
        server.consul.answering(FakeConsul.View.healthyFollower(5));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void namesTheHostAfterTheInstanceSetsBindAddrAndStartsConsulForTheTaggedServerCount() throws Exception {
        ScriptSandbox.Result result = server.boot();

        assertEquals(0, result.exit(), result.stderr());
        assertEquals(List.of("hostnamectl set-hostname " + NODE), server.box.calls("hostnamectl"));
        assertEquals(List.of("127.0.0.1 localhost", IP + " " + NODE + " # consul-boot"),
                Files.readAllLines(server.box.root.resolve("etc/hosts")));
        ObjectNode expected = ConsulConfig.of(ConsulConfigTest.SPEC, "us-east-1").put("bind_addr", IP);
        assertEquals(expected, new ObjectMapper().readTree(server.config.toFile()), "only bind_addr changed");
        assertEquals(new ObjectMapper().readTree("{\"bootstrap_expect\": 5, \"autopilot\": {\"min_quorum\": 5}}"),
                new ObjectMapper().readTree(server.servers.toFile()), "N from the consul-server-count tag");
        assertEquals(Files.readString(server.servers), server.serversAtStart(), "1-servers.json was there when Consul started");
        assertEquals("systemctl enable --now consul", server.box.calls("systemctl").get(0));
        assertTrue(server.box.calls("curl").stream().filter(c -> c.contains("meta-data/")).allMatch(c -> c.contains("X-aws-ec2-metadata-token: TOKEN-42")),
                "every metadata read carries the IMDSv2 token");
    }

    @Test
    void aRebootLeavesOneHostsLineAndTheSameConfig() throws Exception {
        server.boot();
        String configAfterFirstBoot = Files.readString(server.config);
        String serversAfterFirstBoot = Files.readString(server.servers);

        ScriptSandbox.Result second = server.boot();

        assertEquals(0, second.exit(), second.stderr());
        assertEquals(1, Files.readAllLines(server.box.root.resolve("etc/hosts")).stream().filter(l -> l.contains("consul-boot")).count());
        assertEquals(configAfterFirstBoot, Files.readString(server.config));
        assertEquals(serversAfterFirstBoot, Files.readString(server.servers));
    }

    @Test
    void aSlowMetadataServiceIsRetried() throws Exception {
        server.metadataServiceFailingFirst(3);

        ScriptSandbox.Result result = server.boot();

        assertEquals(0, result.exit(), result.stderr());
        assertEquals("systemctl enable --now consul", server.box.calls("systemctl").get(0));
        assertTrue(server.box.calls("curl").stream().filter(c -> c.contains("api/token")).count() >= 4);
    }

    @Test
    void noAddressFromTheMetadataServiceFailsLoudlyAndDoesNotStartConsul() throws Exception {
        server.metadataServiceFailingFirst(1000);

        ScriptSandbox.Result result = server.boot();

        assertNotEquals(0, result.exit());
        assertTrue(result.stderr().contains("FAILED: no private IPv4 address from the instance metadata service after 5 tries"), result.stderr());
        server.consoleLine("CONSUL_JOIN_RESULT=", "CONSUL_JOIN_RESULT=FAILED node=unknown at=" + TIME
                + " reason=no private IPv4 address from the instance metadata service after 5 tries");
        assertTrue(server.box.calls("systemctl").isEmpty());
        assertTrue(Files.readString(server.config).contains(ConsulConfig.BIND_ADDR_PLACEHOLDER));
    }

    @Test
    void withoutInstanceTagsInTheMetadataItFailsBeforeStartingConsulAndNamesTheLaunchTemplateSetting() throws Exception {
        server.noMetadata("tags/instance/consul-server-count").noMetadata("tags/instance/consul-cluster");
        Files.delete(dir.resolve("imds/tags/instance"));

        ScriptSandbox.Result result = server.boot();

        assertNotEquals(0, result.exit());
        server.consoleLine("CONSUL_JOIN_RESULT=", "CONSUL_JOIN_RESULT=FAILED node=" + NODE + " at=" + TIME
                + " reason=no instance tags in the instance metadata after 5 tries: the launch template must enable InstanceMetadataTags");
        assertConsulNotStarted();
    }

    @Test
    void withoutTheServerCountTagItFailsBeforeStartingConsulAndNamesTheGroupsTag() throws Exception {
        server.noMetadata("tags/instance/consul-server-count").metadata("tags/instance/service", "consul-server");

        ScriptSandbox.Result result = server.boot();

        assertNotEquals(0, result.exit());
        assertTrue(result.stderr().contains("FAILED: the instance has no consul-server-count tag"), result.stderr());
        server.consoleLine("CONSUL_JOIN_RESULT=", "CONSUL_JOIN_RESULT=FAILED node=" + NODE + " at=" + TIME
                + " reason=the instance has no consul-server-count tag after 5 tries: the Auto Scaling group must carry it with PropagateAtLaunch");
        assertConsulNotStarted();
    }

    @Test
    void aServerCountThatIsNotOneToNineFailsBeforeStartingConsul() throws Exception {
        // EC2 tag values may hold spaces and "=": one must not forge a result line on the console.
        String[] bad = {"0", "10", "three", "3 CONSUL_JOIN_RESULT=OK"};
        for (String value : bad) {
            server.metadata("tags/instance/consul-server-count", value);

            ScriptSandbox.Result result = server.boot();

            assertNotEquals(0, result.exit(), value);
            assertTrue(result.stderr().contains("not a server count from 1 to 9"), result.stderr());
            assertConsulNotStarted();
        }
        List<String> lines = server.consoleLines("CONSUL_JOIN_RESULT=");
        assertEquals(bad.length, lines.size(), lines.toString());
        assertTrue(lines.stream().allMatch(l -> l.startsWith("CONSUL_JOIN_RESULT=FAILED ")), lines.toString());
        assertTrue(lines.get(3).endsWith("reason=the consul-server-count tag is '3?CONSUL_JOIN_RESULT', not a server count from 1 to 9"),
                lines.get(3));
        assertFalse(server.box.consoleText().contains("CONSUL_JOIN_RESULT=OK"));
    }

    private void assertConsulNotStarted() throws IOException {
        assertTrue(server.box.calls("systemctl").isEmpty(), "Consul was not started");
        assertTrue(server.box.calls("hostnamectl").isEmpty(), "nothing on the host changed");
        assertFalse(Files.exists(server.servers));
        assertEquals(0, server.consul.checks(), "no join checks without a server count");
    }
}
