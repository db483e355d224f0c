package io.consulfactory.consul;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static io.consulfactory.consul.ServerSandbox.CLUSTER;
import static io.consulfactory.consul.ServerSandbox.NODE;
import static io.consulfactory.consul.ServerSandbox.TIME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server reads its secrets at boot (contract 14): boot.sh writes 2-security.json for its stage, then the
 * baked helper {@code consul-secrets fetch} gets the instance role's credentials from IMDSv2, calls Secrets
 * Manager's GetSecretValue (signed with SigV4, which the fake checks) for both secrets and writes the files
 * Consul reads, before Consul starts. A failure is one FAILED line naming the secret and AWS's error code,
 * and Consul is not started. No secret value is printed anywhere (the sandbox scans every output on close).
 */
class SecretsFetchTest {

    static final String FAILED = "CONSUL_JOIN_RESULT=FAILED node=" + NODE + " at=" + TIME
            + " reason=could not read the cluster's secrets: ";

    @TempDir
    Path dir;
    ServerSandbox server;
    Path home;

    @BeforeEach
    void server() throws IOException {
        server = new ServerSandbox(dir);
        server.consul.answering(FakeConsul.View.healthyFollower(5));
        home = server.box.root.resolve("opt/consul");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String mode(String path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(path)));
    }

    @Test
    void writesTheSecretsFilesWithTheirModesBeforeConsulStartsAndPrintsNoSecret() throws Exception {
        ScriptSandbox.Result result = server.boot();

        assertEquals(0, result.exit(), result.stderr());
        ServerSandbox.Secrets s = server.secrets;
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree("{\"encrypt\": \"" + s.gossipKey() + "\", \"acl\": {\"tokens\": {\"initial_management\": \""
                + s.management() + "\", \"agent\": \"" + s.agent() + "\"}}}"), json.readTree(home.resolve("consul.d/3-secrets.json").toFile()));
        assertEquals(s.caCert(), Files.readString(home.resolve("tls/ca.pem")));
        assertEquals(s.serverCert(), Files.readString(home.resolve("tls/server.pem")));
        assertEquals(s.serverKey(), Files.readString(home.resolve("tls/server-key.pem")));
        assertEquals("X-Consul-Token: " + s.management() + "\n", Files.readString(home.resolve("tokens/management")));
        assertEquals("X-Consul-Token: " + s.status() + "\n", Files.readString(home.resolve("tokens/status")));
        assertEquals("X-Consul-Token: " + s.operator() + "\n", Files.readString(home.resolve("tokens/operator")));
        assertEquals("rw-r-----", mode("consul.d/3-secrets.json"));
        assertEquals("rw-r--r--", mode("tls/ca.pem"));
        assertEquals("rw-r--r--", mode("tls/server.pem"));
        assertEquals("rw-r-----", mode("tls/server-key.pem"));
        assertEquals("X-Consul-Token: " + s.snapshot() + "\n", Files.readString(home.resolve("tokens/snapshot")));
        for (String token : List.of("management", "status", "operator", "snapshot")) {
            assertEquals("rw-------", mode("tokens/" + token), token);
        }
        assertEquals("rwx------", mode("tokens"));
        try (var left = Files.list(home.resolve("tokens"))) {
            assertEquals(4, left.count(), "no temporary file left behind");
        }
        assertEquals(SecurityConfig.render(3), Files.readString(home.resolve("consul.d/2-security.json")));
        assertEquals("rw-r-----", mode("consul.d/2-security.json"));
        assertEquals(List.of("secretsmanager.GetSecretValue " + SecretNames.client(CLUSTER),
                "secretsmanager.GetSecretValue " + SecretNames.server(CLUSTER)), server.secretsManager.calls(), "signed as AWS checks it");
        assertTrue(server.metadataService.requests().contains("GET /latest/meta-data/iam/security-credentials/" + ServerSandbox.ROLE));
        assertTrue(result.stderr().contains("wrote 8 files from consul-cluster-factory/consul-dc1/client and consul-cluster-factory/consul-dc1/server"),
                result.stderr());
        server.assertNoSecretPrinted();
        assertTrue(server.box.calls("curl").stream().noneMatch(c -> c.contains("X-Consul-Token")), "tokens go to curl in files");
    }

    @Test
    void accessDeniedFailsTheJoinNamingTheSecretAndTheCodeAndConsulIsNotStarted() throws Exception {
        String message = "User: arn:aws:sts::123456789012:assumed-role/" + ServerSandbox.ROLE + "/" + ServerSandbox.INSTANCE
                + " is not authorized to perform: secretsmanager:GetSecretValue on resource: " + SecretNames.server(CLUSTER)
                + " because no identity-based policy allows the secretsmanager:GetSecretValue action";
        server.secretsManager.failing(SecretNames.server(CLUSTER), 400, "AccessDeniedException", message);

        ScriptSandbox.Result result = server.boot();

        assertNotEquals(0, result.exit());
        String line = server.consoleLine("CONSUL_JOIN_RESULT=", FAILED + "secret consul-cluster-factory/consul-dc1/server:"
                + " AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/.*");
        assertTrue(line.length() < 500, line);
        assertConsulNotStartedAndNothingWritten();
    }

    @Test
    void aMissingSecretFailsWithResourceNotFound() throws Exception {
        server.secretsManager.failing(SecretNames.client(CLUSTER), 400, "ResourceNotFoundException",
                "Secrets Manager can't find the specified secret.");

        ScriptSandbox.Result result = server.boot();

        assertNotEquals(0, result.exit());
        server.consoleLine("CONSUL_JOIN_RESULT=", FAILED + "secret consul-cluster-factory/consul-dc1/client:"
                + " ResourceNotFoundException: Secrets Manager can't find the specified secret\\.");
        assertConsulNotStartedAndNothingWritten();
    }

    @Test
    void aSignatureMadeWithOtherCredentialsIsRefusedByAws() throws Exception {
        server.metadata("iam/security-credentials/" + ServerSandbox.ROLE, ServerSandbox.json("Code", "Success",
                "AccessKeyId", ServerSandbox.ACCESS_KEY, "SecretAccessKey", "not-the-role-key", "Token", server.sessionToken));

        server.boot();

        server.consoleLine("CONSUL_JOIN_RESULT=", FAILED + "secret consul-cluster-factory/consul-dc1/client: InvalidSignatureException: .*");
        assertConsulNotStartedAndNothingWritten();
    }

    @Test
    void throttlingIsRetriedWithBackoff() throws Exception {
        server.secretsManager.throttlingFirst(3);

        ScriptSandbox.Result result = server.boot();

        assertEquals(0, result.exit(), result.stderr());
        assertEquals(5, server.secretsManager.calls().size(), server.secretsManager.calls().toString());
        assertTrue(Files.exists(home.resolve("consul.d/3-secrets.json")));
    }

    @Test
    void aSecretThatIsNotWhatTheFactoryWritesIsRefusedBeforeAnythingIsWritten() throws Exception {
        server.secretsManager.secret(SecretNames.client(CLUSTER), ServerSandbox.json("gossip_key", "c2hvcnQ=", "ca_cert",
                server.secrets.caCert()));

        server.boot();

        server.consoleLine("CONSUL_JOIN_RESULT=", FAILED + "secret consul-cluster-factory/consul-dc1/client: InvalidSecret:"
                + " gossip_key is not the base64 of 32 bytes");
        assertConsulNotStartedAndNothingWritten();
    }

    @Test
    void aTokenThatIsNotAUuidIsRefusedItWouldBecomeAHeaderLine() throws Exception {
        server.secretsManager.secret(SecretNames.server(CLUSTER), server.secrets.server()
                .replace(server.secrets.status(), server.secrets.status() + "\\nX-Evil: 1"));

        server.boot();

        server.consoleLine("CONSUL_JOIN_RESULT=", FAILED + "secret consul-cluster-factory/consul-dc1/server: InvalidSecret:"
                + " status_token is not a UUID");
        assertConsulNotStartedAndNothingWritten();
    }

    @Test
    void anInstanceWithoutARoleSaysSo() throws Exception {
        Files.walk(dir.resolve("imds/iam")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());

        server.boot();

        server.consoleLine("CONSUL_JOIN_RESULT=", FAILED + "instance metadata: no IAM role on this instance .*");
        assertTrue(server.secretsManager.calls().isEmpty());
    }

    private void assertConsulNotStartedAndNothingWritten() throws IOException {
        assertTrue(server.box.calls("systemctl").isEmpty(), "Consul was not started");
        assertEquals(0, server.consul.checks());
        assertFalse(Files.exists(home.resolve("consul.d/3-secrets.json")));
        assertFalse(Files.exists(home.resolve("tokens")));
        assertFalse(Files.exists(home.resolve("tls")));
    }
}
