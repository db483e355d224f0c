package io.consulfactory.consul;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A cluster server for boot.sh to run on: a {@link ScriptSandbox} root holding what the bake leaves (the
 * config and the consul-secrets helper), IMDSv2 as a {@link FakeImds} serving files under {@code imds/} and
 * the instance role's credentials, the cluster's two secrets in a {@link FakeSecretsManager}, and the local
 * agent as a {@link FakeConsul} at stage 3 whose first leader has made the factory's ACL tokens
 * ({@link #freshCluster()} for one that has not), the snapshot bucket as a {@link FakeS3} that lets the node role
 * at its cluster's prefix only. curl is the real one behind a stub that logs its arguments; hostnamectl, hostname,
 * systemctl and journalctl are stubs. Closing the sandbox checks that no
 * secret value reached any console, stdout, stderr or command line of the run.
 */
final class ServerSandbox implements AutoCloseable {

    static final String IP = "10.0.2.37";
    static final String INSTANCE = "i-0abc123def4567890";
    static final String NODE = "consul-0abc123def4567890";
    static final String TIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";
    static final String REGION = "us-east-1";
    static final String CLUSTER = "consul-dc1";
    static final String ROLE = "consul-consul-dc1-node";
    static final String ACCESS_KEY = "ASIAQ3EGRJ7EXAMPLE42";
    static final String BUCKET = "consul-cluster-factory-snapshots-123456789012-us-east-1";

    /** The cluster's secrets, random per sandbox, so a leak scan can look for each value. */
    record Secrets(String gossipKey, String caCert, String serverCert, String serverKey, String management, String agent,
                   String status, String operator, String snapshot) {

        static Secrets random() {
            SecureRandom random = new SecureRandom();
            byte[] key = new byte[32];
            random.nextBytes(key);
            return new Secrets(Base64.getEncoder().encodeToString(key), pem("CERTIFICATE", random), pem("CERTIFICATE", random),
                    pem("PRIVATE KEY", random), uuid(), uuid(), uuid(), uuid(), uuid());
        }

        private static String uuid() {
            return UUID.randomUUID().toString();
        }

        private static String pem(String type, SecureRandom random) {
            byte[] der = new byte[96];
            random.nextBytes(der);
            return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                    + "\n-----END " + type + "-----\n";
        }

        String client() {
            return json("gossip_key", gossipKey, "ca_cert", caCert);
        }

        String server() {
            return json("server_cert", serverCert, "server_key", serverKey,
                    "initial_management_token", management, "agent_token", agent, "status_token", status, "operator_token", operator,
                    "snapshot_token", snapshot);
        }

        /** The server secret as the factory made it before snapshots: no snapshot_token. */
        String serverBeforeSnapshots() {
            return json("server_cert", serverCert, "server_key", serverKey,
                    "initial_management_token", management, "agent_token", agent, "status_token", status, "operator_token", operator);
        }

        /** What must never be printed: every value, and each PEM's base64 lines. */
        List<String> values() {
            List<String> values = new ArrayList<>(List.of(gossipKey, management, agent, status, operator, snapshot));
            for (String pem : List.of(caCert, serverCert, serverKey)) {
                pem.lines().filter(l -> !l.startsWith("-----")).forEach(values::add);
            }
            return values;
        }
    }

    final ScriptSandbox box;
    final FakeConsul consul;
    final FakeImds metadataService;
    final FakeSecretsManager secretsManager;
    final FakeS3 s3;
    final Secrets secrets = Secrets.random();
    final String sessionToken = "IQoJb3JpZ2luX2VjEXAMPLE" + UUID.randomUUID();
    final String secretAccessKey = "wJalrXUtnFEMI/K7MDENG/" + UUID.randomUUID();
    final Path config;
    final Path servers;
    final Path reporter;
    final Path helper;
    private final Path imds;
    private final List<ScriptSandbox.Result> results = new ArrayList<>();
    private BootSettings settings = BootSettings.secured(REGION, CLUSTER, BUCKET);

    ServerSandbox(Path dir) throws IOException {
        box = new ScriptSandbox(dir);
        consul = new FakeConsul().stage(SecurityConfig.FINAL_STAGE).managementToken(secrets.management());
        factoryTokensMade();
        secretsManager = new FakeSecretsManager(REGION, ACCESS_KEY, secretAccessKey, sessionToken)
                .secret(SecretNames.client(CLUSTER), secrets.client()).secret(SecretNames.server(CLUSTER), secrets.server());
        s3 = new FakeS3(REGION, ACCESS_KEY, secretAccessKey, sessionToken, BUCKET, CLUSTER + "/");
        config = box.root.resolve("opt/consul/consul.d/0-consul.json");
        servers = box.root.resolve("opt/consul/consul.d/1-servers.json");
        reporter = box.root.resolve("opt/consul/bin/consul-report");
        Files.createDirectories(config.getParent());
        Files.writeString(config, ConsulConfig.render(ConsulConfigTest.SPEC, "us-east-1"));
        Files.createDirectories(box.root.resolve("etc"));
        Files.writeString(box.root.resolve("etc/hosts"), "127.0.0.1 localhost\n");

        // What the bake installs next to the config: the helper.
        helper = box.root.resolve("opt/consul/bin/consul-secrets");
        Files.createDirectories(helper.getParent());
        Files.copy(Path.of("src/main/resources/userdata/consul-secrets.py"), helper);
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));

        imds = Files.createDirectories(dir.resolve("imds"));
        metadataService = new FakeImds(imds);
        metadata("local-ipv4", IP).metadata("instance-id", INSTANCE).metadata("tags/instance/consul-server-count", "5")
                .metadata("tags/instance/consul-cluster", CLUSTER);
        metadata("iam/security-credentials/" + ROLE, json("Code", "Success",
                "LastUpdated", "2026-01-05T09:00:00Z", "Type", "AWS-HMAC", "AccessKeyId", ACCESS_KEY,
                "SecretAccessKey", secretAccessKey, "Token", sessionToken, "Expiration", "2026-01-05T15:00:00Z"));
        box.stub("curl", "exec '" + realCurl() + "' \"$@\"");
        box.stub("hostnamectl", "exit 0");
        box.stub("hostname", "echo " + NODE);
        // Records what Consul would have read at its start, so tests see 1-servers.json was there before.
        box.stub("systemctl", "if [ \"$*\" = 'enable --now consul' ]; then cat '" + servers + "' > '" + dir.resolve("servers-at-start")
                + "' 2>/dev/null || true; fi; exit 0");
        journal("==> Error starting agent: Failed to start Consul server: Failed to start Raft: bind: address already in use");

        box.env.put("CONSUL_BOOT_ROOT", box.root.toString());
        box.env.put("CONSUL_BOOT_CONSOLE", box.console.toString());
        box.env.put("CONSUL_BOOT_API", consul.url());
        box.env.put("CONSUL_IMDS_URL", metadataService.url());
        box.env.put("CONSUL_SECRETS_ENDPOINT", secretsManager.url());
        box.env.put("CONSUL_S3_ENDPOINT", s3.url());
        box.env.put("CONSUL_SECRETS_PAUSE", "0.01");
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
    ServerSandbox metadataServiceFailingFirst(int failures) {
        metadataService.failingFirst(failures);
        return this;
    }

    /** The factory's policies and tokens as the helper makes them (contract 14), already in Consul. */
    ServerSandbox factoryTokensMade() {
        consul.policy("consul-factory-agent", "node_prefix \"\" { policy = \"write\" }\nservice_prefix \"\" { policy = \"read\" }\n")
                .policy("consul-factory-status", "operator = \"read\"\nnode_prefix \"\" { policy = \"read\" }\n"
                        + "agent_prefix \"\" { policy = \"read\" }\n")
                .policy("consul-factory-autopilot", "operator = \"write\"\n")
                .policy("consul-factory-snapshot", "acl = \"write\"\n")
                .token(secrets.agent(), "agent", "consul-factory-agent")
                .token(secrets.status(), "status", "consul-factory-status")
                .token(secrets.operator(), "operator", "consul-factory-autopilot")
                .token(secrets.snapshot(), "snapshot", "consul-factory-snapshot");
        return this;
    }

    /** A new cluster: Consul holds only the initial management token, and no factory policy or token yet. */
    ServerSandbox freshCluster() {
        consul.resetAcls().managementToken(secrets.management());
        return this;
    }

    /** The boot script is rendered with these settings from now on. */
    ServerSandbox settings(BootSettings settings) {
        this.settings = settings;
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
        return recorded(box.run(UserData.boot(settings).text()));
    }

    /** What the timer runs every 30 s: the reporter boot installed. */
    ScriptSandbox.Result status() throws Exception {
        return recorded(box.runFile(reporter, "status"));
    }

    /** The helper run by hand, as boot.sh runs it. */
    ScriptSandbox.Result helper(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3", helper.toString()));
        command.addAll(List.of(args));
        return recorded(box.exec(command));
    }

    private ScriptSandbox.Result recorded(ScriptSandbox.Result result) {
        results.add(result);
        return result;
    }

    /** Every place a run could print to: console, stdout, stderr (the journal), command lines. */
    void assertNoSecretPrinted() throws IOException {
        List<String> outputs = new ArrayList<>(List.of(box.consoleText(), String.join("\n", box.calls())));
        for (ScriptSandbox.Result r : results) {
            outputs.add(r.stdout());
            outputs.add(r.stderr());
        }
        for (String value : secrets.values()) {
            for (String output : outputs) {
                if (output.contains(value)) {
                    throw new AssertionError("a secret value was printed:\n" + output);
                }
            }
        }
        for (String output : outputs) {
            if (output.contains(secretAccessKey) || output.contains(sessionToken)) {
                throw new AssertionError("the role's credentials were printed:\n" + output);
            }
        }
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

    /** A JSON object of string values, from key, value, key, value, ... */
    static String json(String... keysAndValues) {
        var object = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            object.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return object.toString();
    }

    @Override
    public void close() {
        try {
            assertNoSecretPrinted();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            consul.close();
            metadataService.close();
            secretsManager.close();
            s3.close();
        }
    }
}
