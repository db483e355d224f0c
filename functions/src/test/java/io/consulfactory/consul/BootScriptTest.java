package io.consulfactory.consul;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * boot.sh, run for real in a temporary root, against a stub curl that plays the instance metadata
 * service (IMDSv2: a token from PUT /latest/api/token, required on every read).
 */
class BootScriptTest {

    static final String IP = "10.0.2.37";
    static final String INSTANCE = "i-0abc123def4567890";

    @TempDir
    Path dir;
    ScriptSandbox box;
    Path config;

    @BeforeEach
    void sandbox() throws IOException {
        box = new ScriptSandbox(dir);
        config = box.root.resolve("opt/consul/consul.d/0-consul.json");
        Files.createDirectories(config.getParent());
        Files.writeString(config, ConsulConfig.render(ConsulConfigTest.SPEC, "us-east-1"));
        Files.createDirectories(box.root.resolve("etc"));
        Files.writeString(box.root.resolve("etc/hosts"), "127.0.0.1 localhost\n");
        box.stub("hostnamectl", "exit 0").stub("systemctl", "exit 0");
        metadataServiceFailingFirst(0);
        box.env.put("CONSUL_BOOT_ROOT", box.root.toString());
        box.env.put("CONSUL_BOOT_CONSOLE", box.console.toString());
        box.env.put("CONSUL_IMDS_PAUSE", "0");
        box.env.put("CONSUL_IMDS_TRIES", "5");
    }

    /** A stub curl that answers like IMDSv2, after refusing the first {@code failures} token requests. */
    private void metadataServiceFailingFirst(int failures) throws IOException {
        Path counter = dir.resolve("token-requests");
        box.stub("curl", """
                args="$*"
                if [[ "$args" == *"-X PUT"* && "$args" == *"/latest/api/token"* ]]; then
                  n=$(( $(cat '%1$s' 2>/dev/null || echo 0) + 1 )); echo "$n" > '%1$s'
                  [ "$n" -gt %2$d ] || exit 7
                  [[ "$args" == *"X-aws-ec2-metadata-token-ttl-seconds: "* ]] || exit 22
                  printf 'TOKEN-42'; exit 0
                fi
                [[ "$args" == *"X-aws-ec2-metadata-token: TOKEN-42"* ]] || exit 22   # IMDSv2 only
                case "$args" in
                  *meta-data/local-ipv4) printf '%3$s' ;;
                  *meta-data/instance-id) printf '%4$s' ;;
                  *) exit 22 ;;
                esac
                """.formatted(counter, failures, IP, INSTANCE));
    }

    private ScriptSandbox.Result boot() throws Exception {
        return box.run(UserData.boot().text());
    }

    @Test
    void namesTheHostAfterTheInstanceSetsBindAddrAndStartsConsul() throws Exception {
        ScriptSandbox.Result result = boot();

        assertEquals(0, result.exit(), result.stderr());
        assertEquals(List.of("hostnamectl set-hostname consul-0abc123def4567890"), box.calls("hostnamectl"));
        assertEquals(List.of("127.0.0.1 localhost", IP + " consul-0abc123def4567890 # consul-boot"),
                Files.readAllLines(box.root.resolve("etc/hosts")));
        ObjectNode expected = ConsulConfig.of(ConsulConfigTest.SPEC, "us-east-1").put("bind_addr", IP);
        assertEquals(expected, new ObjectMapper().readTree(config.toFile()), "only bind_addr changed");
        assertEquals(List.of("systemctl enable --now consul"), box.calls("systemctl"));
        assertTrue(box.calls("curl").stream().filter(c -> c.contains("meta-data/")).allMatch(c -> c.contains("X-aws-ec2-metadata-token: TOKEN-42")),
                "every metadata read carries the IMDSv2 token");
    }

    @Test
    void aRebootLeavesOneHostsLineAndTheSameConfig() throws Exception {
        boot();
        String configAfterFirstBoot = Files.readString(config);

        ScriptSandbox.Result second = boot();

        assertEquals(0, second.exit(), second.stderr());
        assertEquals(1, Files.readAllLines(box.root.resolve("etc/hosts")).stream().filter(l -> l.contains("consul-boot")).count());
        assertEquals(configAfterFirstBoot, Files.readString(config));
    }

    @Test
    void aSlowMetadataServiceIsRetried() throws Exception {
        metadataServiceFailingFirst(3);

        ScriptSandbox.Result result = boot();

        assertEquals(0, result.exit(), result.stderr());
        assertEquals(List.of("systemctl enable --now consul"), box.calls("systemctl"));
        assertTrue(box.calls("curl").stream().filter(c -> c.contains("api/token")).count() >= 4);
    }

    @Test
    void noAddressFromTheMetadataServiceFailsLoudlyAndDoesNotStartConsul() throws Exception {
        metadataServiceFailingFirst(1000);

        ScriptSandbox.Result result = boot();

        assertNotEquals(0, result.exit());
        assertTrue(result.stderr().contains("FAILED: no private IPv4 address from the instance metadata service after 5 tries"), result.stderr());
        assertTrue(box.consoleText().contains("FAILED"), "the failure reaches the console, where operators look");
        assertTrue(box.calls("systemctl").isEmpty());
        assertTrue(Files.readString(config).contains(ConsulConfig.BIND_ADDR_PLACEHOLDER));
    }
}
