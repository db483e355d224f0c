package io.consulfactory.consul;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A cluster server for boot.sh to run on: a {@link ScriptSandbox} root holding the baked config, a stub
 * curl that plays IMDSv2 from files under {@code imds/} (a token from PUT /latest/api/token, required on
 * every read; a directory answers with its listing, a missing file with 404) and hands every other request
 * to the real curl, which talks to a {@link FakeConsul}. hostnamectl, hostname, systemctl and journalctl
 * are stubs.
 */
final class ServerSandbox implements AutoCloseable {

    static final String IP = "10.0.2.37";
    static final String INSTANCE = "i-0abc123def4567890";
    static final String NODE = "consul-0abc123def4567890";
    static final String TIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";

    final ScriptSandbox box;
    final FakeConsul consul;
    final Path config;
    final Path servers;
    final Path reporter;
    private final Path imds;

    ServerSandbox(Path dir) throws IOException {
        box = new ScriptSandbox(dir);
        consul = new FakeConsul();
        config = box.root.resolve("opt/consul/consul.d/0-consul.json");
        servers = box.root.resolve("opt/consul/consul.d/1-servers.json");
        reporter = box.root.resolve("opt/consul/bin/consul-report");
        Files.createDirectories(config.getParent());
        Files.writeString(config, ConsulConfig.render(ConsulConfigTest.SPEC, "us-east-1"));
        Files.createDirectories(box.root.resolve("etc"));
        Files.writeString(box.root.resolve("etc/hosts"), "127.0.0.1 localhost\n");

        imds = Files.createDirectories(dir.resolve("imds"));
        metadata("local-ipv4", IP).metadata("instance-id", INSTANCE).metadata("tags/instance/consul-server-count", "5");
        metadataServiceFailingFirst(0);
        box.stub("curl", """
                args="$*"
                case "$args" in
                  *169.254.169.254*) ;;
                  *) exec '%1$s' "$@" ;;
                esac
                if [[ "$args" == *"-X PUT"* && "$args" == *"/latest/api/token"* ]]; then
                  n=$(( $(cat '%2$s/token-requests' 2>/dev/null || echo 0) + 1 )); echo "$n" > '%2$s/token-requests'
                  [ "$n" -gt "$(cat '%2$s/token-failures')" ] || exit 7
                  [[ "$args" == *"X-aws-ec2-metadata-token-ttl-seconds: "* ]] || exit 22
                  printf 'TOKEN-42'; exit 0
                fi
                [[ "$args" == *"X-aws-ec2-metadata-token: TOKEN-42"* ]] || exit 22   # IMDSv2 only
                url="${!#}"; path='%3$s'/"${url#*/latest/meta-data/}"
                if [ -d "$path" ]; then ls "$path"; elif [ -f "$path" ]; then cat "$path"; else exit 22; fi
                """.formatted(realCurl(), dir, imds));
        box.stub("hostnamectl", "exit 0");
        box.stub("hostname", "echo " + NODE);
        // Records what Consul would have read at its start, so tests see 1-servers.json was there before.
        box.stub("systemctl", "if [ \"$*\" = 'enable --now consul' ]; then cat '" + servers + "' > '" + dir.resolve("servers-at-start")
                + "' 2>/dev/null || true; fi; exit 0");
        journal("==> Error starting agent: Failed to start Consul server: Failed to start Raft: bind: address already in use");

        box.env.put("CONSUL_BOOT_ROOT", box.root.toString());
        box.env.put("CONSUL_BOOT_CONSOLE", box.console.toString());
        box.env.put("CONSUL_BOOT_API", consul.url());
        box.env.put("CONSUL_IMDS_PAUSE", "0");
        box.env.put("CONSUL_IMDS_TRIES", "5");
        box.env.put("CONSUL_JOIN_PAUSE", "0.05");
        box.env.put("CONSUL_JOIN_TIMEOUT", "20");
    }

    /** The first curl on PATH, found before the stubs go in front of it. */
    private static String realCurl() {
        for (String d : System.getenv("PATH").split(File.pathSeparator)) {
            Path curl = Path.of(d, "curl");
            if (Files.isExecutable(curl)) {
                return curl.toString();
            }
        }
        throw new IllegalStateException("these tests run the real curl against a fake Consul: install curl");
    }

    ServerSandbox metadata(String path, String value) throws IOException {
        Path file = imds.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, value);
        return this;
    }

    ServerSandbox noMetadata(String path) throws IOException {
        Files.deleteIfExists(imds.resolve(path));
        return this;
    }

    /** Refuses the first {@code failures} token requests from now on (the metadata service is slow or gone). */
    ServerSandbox metadataServiceFailingFirst(int failures) throws IOException {
        Files.deleteIfExists(box.dir.resolve("token-requests"));
        Files.writeString(box.dir.resolve("token-failures"), String.valueOf(failures));
        return this;
    }

    /** The consul unit's last journal line, as journalctl -u consul -n 1 -o cat prints it. */
    ServerSandbox journal(String line) throws IOException {
        box.stub("journalctl", "printf '%s\\n' '" + line.replace("'", "'\\''") + "'");
        return this;
    }

    /** Join gives up after this many seconds (the script's clock counts whole seconds). */
    ServerSandbox joinTimeout(int seconds) {
        box.env.put("CONSUL_JOIN_TIMEOUT", String.valueOf(seconds));
        return this;
    }

    ScriptSandbox.Result boot() throws Exception {
        return box.run(UserData.boot().text());
    }

    /** What the timer runs every 30 s: the reporter boot installed. */
    ScriptSandbox.Result status() throws Exception {
        return box.runFile(reporter, "status");
    }

    String serversAtStart() throws IOException {
        Path file = box.dir.resolve("servers-at-start");
        return Files.exists(file) ? Files.readString(file) : null;
    }

    List<String> consoleLines(String prefix) throws IOException {
        return box.consoleText().lines().filter(l -> l.startsWith(prefix)).toList();
    }

    /** The one console line starting with {@code prefix}, which must match {@code pattern} as a whole. */
    String consoleLine(String prefix, String pattern) throws IOException {
        List<String> lines = consoleLines(prefix);
        if (lines.size() != 1) {
            throw new AssertionError("expected one " + prefix + " line on the console, got " + lines + "\n" + box.consoleText());
        }
        if (!Pattern.matches(pattern, lines.get(0))) {
            throw new AssertionError("console line\n  " + lines.get(0) + "\ndoes not match\n  " + pattern);
        }
        return lines.get(0);
    }

    @Override
    public void close() {
        consul.close();
    }
}
