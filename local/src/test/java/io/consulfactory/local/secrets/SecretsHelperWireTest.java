package io.consulfactory.local.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.consul.SecretNames;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.StepByStep;
import io.consulfactory.local.cloud.LocalAws;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The servers' own Secrets Manager client ({@code userdata/consul-secrets.py}, the stdlib SigV4 client the bake puts
 * in the image) against the local AWS, which verifies its signatures with the credentials an instance role would
 * hand out: the same program, the same wire, the same errors as on a server.
 */
@ExtendWith(LocalAwsExtension.class)
class SecretsHelperWireTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCESS_KEY = "ASIAXAMPLEINSTANCE01";
    private static final String SECRET_KEY = "instance-role-secret-key/of+40+characters";

    private LocalAws aws;
    private HttpServer imds;
    private volatile String handedOutSecretKey = SECRET_KEY;

    @BeforeEach
    void start(LocalAws aws) throws IOException {
        this.aws = aws;
        StepByStep steps = new StepByStep(aws, aws.ec2().seedDefaultNetwork());
        steps.secrets(steps.spec(""));
        aws.registerCredentials(ACCESS_KEY, SECRET_KEY);
        // The instance metadata service of a server whose profile holds the node role (IMDSv2: a token first).
        imds = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        imds.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body;
            int code = 200;
            if (path.equals("/latest/api/token") && exchange.getRequestMethod().equals("PUT")) {
                body = "imds-session-token";
            } else if (!"imds-session-token".equals(exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token"))) {
                code = 401;
                body = "";
            } else if (path.equals("/latest/meta-data/iam/security-credentials/")) {
                body = "consul-consul-dc1-node";
            } else if (path.equals("/latest/meta-data/iam/security-credentials/consul-consul-dc1-node")) {
                body = JSON.createObjectNode().put("Code", "Success").put("Type", "AWS-HMAC").put("AccessKeyId", ACCESS_KEY)
                        .put("SecretAccessKey", handedOutSecretKey).put("Token", "instance-session-token")
                        .put("Expiration", "2099-01-01T00:00:00Z").toString();
            } else {
                code = 404;
                body = "";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        imds.start();
    }

    @AfterEach
    void stop() {
        imds.stop(0);
    }

    private record Run(int exit, String output) {
    }

    private Run fetch(Path root, String clientSecret) throws Exception {
        Files.createDirectories(root.resolve("opt/consul/consul.d")); // as the bake leaves it in the image
        Path helper = root.resolveSibling(root.getFileName() + "-consul-secrets.py");
        try (InputStream in = getClass().getResourceAsStream("/userdata/consul-secrets.py")) {
            Files.write(helper, in.readAllBytes());
        }
        List<String> command = new ArrayList<>(List.of("python3", helper.toString(), "fetch", "--region", "us-east-1",
                "--client-secret", clientSecret, "--server-secret", SecretNames.server("consul-dc1"), "--root", root.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("CONSUL_IMDS_URL", "http://127.0.0.1:" + imds.getAddress().getPort());
        builder.environment().put("CONSUL_SECRETS_ENDPOINT", aws.endpoint().toString());
        builder.environment().put("CONSUL_SECRETS_PAUSE", "0.01");
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the helper ends");
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static JsonNode secret(String name) throws IOException {
        return JSON.readTree(AwsClients.secretsManager().getSecretValue(r -> r.secretId(name)).secretString());
    }

    @Test
    void theHelperSignsWithTheRoleCredentialsAndWritesTheSecretsWhereConsulReadsThem(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("root");
        Run run = fetch(root, SecretNames.client("consul-dc1"));

        assertEquals(0, run.exit(), run.output());
        JsonNode client = secret(SecretNames.client("consul-dc1"));
        JsonNode server = secret(SecretNames.server("consul-dc1"));
        JsonNode config = JSON.readTree(root.resolve("opt/consul/consul.d/3-secrets.json").toFile());
        assertEquals(client.get("gossip_key").asText(), config.get("encrypt").asText());
        assertEquals(server.get("initial_management_token").asText(), config.at("/acl/tokens/initial_management").asText());
        assertEquals(server.get("agent_token").asText(), config.at("/acl/tokens/agent").asText());
        assertEquals(client.get("ca_cert").asText(), Files.readString(root.resolve("opt/consul/tls/ca.pem")));
        assertEquals(server.get("server_cert").asText(), Files.readString(root.resolve("opt/consul/tls/server.pem")));
        assertEquals(server.get("server_key").asText(), Files.readString(root.resolve("opt/consul/tls/server-key.pem")));
        assertEquals("X-Consul-Token: " + server.get("status_token").asText(),
                Files.readString(root.resolve("opt/consul/tokens/status")).strip());
        for (String value : List.of(client.get("gossip_key").asText(), server.get("agent_token").asText(),
                server.get("initial_management_token").asText(), SECRET_KEY)) {
            assertFalse(run.output().contains(value), "the helper prints no secret: " + run.output());
        }
        assertEquals(2, aws.calls().of("secretsmanager", "GetSecretValue").stream()
                .filter(c -> c.accessKeyId().equals(ACCESS_KEY) && c.succeeded()).count(), "both reads signed with the role's key");
    }

    @Test
    void aSignatureMadeWithTheWrongKeyIsRefusedAndNothingIsWritten(@TempDir Path dir) throws Exception {
        handedOutSecretKey = "not-the-key-the-role-has";
        Path root = dir.resolve("root");
        Run run = fetch(root, SecretNames.client("consul-dc1"));

        assertEquals(2, run.exit(), run.output());
        assertTrue(run.output().contains("InvalidSignatureException"), run.output());
        assertFalse(Files.exists(root.resolve("opt/consul/consul.d/3-secrets.json")));
    }

    @Test
    void aSecretThatDoesNotExistIsNamedWithAwsCode(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("root");
        Run run = fetch(root, SecretNames.client("consul-dc9"));

        assertEquals(2, run.exit(), run.output());
        assertTrue(run.output().contains(SecretNames.client("consul-dc9")) && run.output().contains("ResourceNotFoundException"),
                run.output());
        assertFalse(Files.exists(root.resolve("opt/consul/tls/server-key.pem")));
    }
}
