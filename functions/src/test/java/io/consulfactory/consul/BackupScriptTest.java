package io.consulfactory.consul;

import io.consulfactory.consul.FakeConsul.View;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.consulfactory.consul.ServerSandbox.CLUSTER;
import static io.consulfactory.consul.ServerSandbox.TIME;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backups on a server (contract 15): the status timer on the leader only saves a snapshot with the snapshot token
 * (Consul's GET /v1/snapshot, ACL acl:write) and uploads it to the stack's bucket under its cluster's prefix (S3
 * PutObject signed with SigV4, which the fake checks with the payload's hash); hourly, and once for each new
 * consul-snapshot-request tag; a consul-restore-request tag's key under the cluster's own prefix is downloaded and
 * restored once. Each prints its contract line; no secret reaches any output (checked on close).
 */
class BackupScriptTest {

    static final String KEY = CLUSTER + "/\\d{8}T\\d{6}Z-142\\.snap";

    @TempDir
    Path dir;
    ServerSandbox server;

    /** A server that joined as a follower (so its join saved nothing), then became the leader. */
    @BeforeEach
    void aJoinedLeader() throws Exception {
        server = new ServerSandbox(dir);
        server.consul.answering(View.healthyFollower(5)).minQuorum(5);
        ScriptSandbox.Result boot = server.boot();
        assertEquals(0, boot.exit(), boot.stderr());
        assertEquals(List.of(), snapshotLines(), "a follower's join saves nothing");
        server.consul.answering(View.healthyFollower(5).asLeader()).minQuorum(5);
    }

    @Test
    void aLeaderSavesItsFirstSnapshotRightAfterItsJoin(@TempDir Path other) throws Exception {
        try (ServerSandbox leader = new ServerSandbox(other)) {
            leader.consul.answering(View.healthyFollower(5).asLeader()).minQuorum(5);
            ScriptSandbox.Result boot = leader.boot();

            assertEquals(0, boot.exit(), boot.stderr());
            List<String> lines = leader.consoleLines("CONSUL_SNAPSHOT ");
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).matches("CONSUL_SNAPSHOT request=hourly key=" + KEY + " index=142 at=" + TIME), lines.get(0));
            assertEquals(1, leader.s3.objects().size(), "a new cluster has a snapshot as soon as it is ready");
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private List<String> snapshotLines() throws Exception {
        return server.consoleLines("CONSUL_SNAPSHOT ");
    }

    private void tag(String key, String value) throws Exception {
        server.metadata("tags/instance/" + key, value);
    }

    @Test
    void theLeaderUploadsAnHourlySnapshotUnderItsClustersPrefix() throws Exception {
        ScriptSandbox.Result status = server.status();

        assertEquals(0, status.exit(), status.stderr());
        String line = server.consoleLine("CONSUL_SNAPSHOT ", "CONSUL_SNAPSHOT request=hourly key=" + KEY + " index=142 at=" + TIME);
        String key = line.split(" ")[2].substring("key=".length());
        assertEquals(List.of("PUT " + key), server.s3.calls());
        assertArrayEquals(server.consul.snapshot(), server.s3.objects().get(key), "the archive Consul gave, byte for byte");
        assertTrue(server.consul.requests().contains("GET /v1/snapshot"));
        assertEquals(1, server.consoleLines("CONSUL_STATUS ").size(), "the status line as before");
    }

    @Test
    void aFollowerSavesNoSnapshot() throws Exception {
        server.consul.answering(View.healthyFollower(5));
        tag("consul-snapshot-request", "req-1");

        ScriptSandbox.Result status = server.status();

        assertEquals(0, status.exit(), status.stderr());
        assertEquals(List.of(), snapshotLines());
        assertEquals(List.of(), server.s3.calls());
        assertFalse(server.consul.requests().contains("GET /v1/snapshot"));
    }

    @Test
    void theHourlySnapshotIsSavedOnceAnHour() throws Exception {
        server.status();
        server.status();
        assertEquals(1, snapshotLines().size(), "30 s later: no second snapshot");

        Files.writeString(server.box.root.resolve("opt/consul/backup/hourly"), (System.currentTimeMillis() / 1000 - 3601) + "\n");
        server.status();
        assertEquals(2, snapshotLines().size(), "an hour later: the next one");
        // Two uploads (the keys are the same when both runs fall in one second of the test's clock).
        assertEquals(2, server.s3.calls().stream().filter(c -> c.startsWith("PUT ")).count(), server.s3.calls().toString());
    }

    @Test
    void aSnapshotRequestIsAnsweredOnceWithItsId() throws Exception {
        server.status(); // the first hourly one
        tag("consul-snapshot-request", "teardown-7f3a");

        server.status();
        server.status();

        List<String> lines = snapshotLines();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(1).matches("CONSUL_SNAPSHOT request=teardown-7f3a key=" + KEY + " index=142 at=" + TIME), lines.get(1));
        tag("consul-snapshot-request", "pre-change-8b21");
        server.status();
        assertTrue(snapshotLines().get(2).startsWith("CONSUL_SNAPSHOT request=pre-change-8b21 key="), snapshotLines().toString());
    }

    @Test
    void aRefusedUploadIsOneFailedLineWithS3sCode() throws Exception {
        server.s3.slowDownFirst(100);
        tag("consul-snapshot-request", "req-2");

        server.status();

        server.consoleLine("CONSUL_SNAPSHOT ", "CONSUL_SNAPSHOT request=req-2 result=FAILED at=" + TIME
                + " reason=S3 PutObject " + CLUSTER + "/\\S+\\.snap: SlowDown: Please reduce your request rate\\.");
        assertEquals(6, server.s3.calls().size(), "bounded retries");
        server.status();
        assertEquals(1, snapshotLines().size(), "the request was answered: not again");
    }

    @Test
    void aSnapshotTokenWithoutAclWriteIsRefusedAndTheLineSaysSo() throws Exception {
        server.consul.policy("consul-factory-snapshot", "operator = \"write\"\n"); // drifted: not what snapshots need

        server.status();

        server.consoleLine("CONSUL_SNAPSHOT ", "CONSUL_SNAPSHOT request=hourly result=FAILED at=" + TIME
                + " reason=Consul GET /v1/snapshot: HTTP 403 Permission denied: token with AccessorID '\\S+' lacks permission 'acl:write'");
        assertEquals(List.of(), server.s3.calls());
    }

    @Test
    void aRestoreRequestRestoresTheClustersOwnSnapshotOnce() throws Exception {
        byte[] archive = UserData.gzip("an older state");
        String key = CLUSTER + "/20260105T090000Z-99.snap";
        server.s3.object(key, archive);
        tag("consul-restore-request", key);

        server.status();
        server.status();

        server.consoleLine("CONSUL_RESTORE ", "CONSUL_RESTORE key=" + key + " result=OK at=" + TIME);
        assertEquals(1, server.consul.restored().size());
        assertArrayEquals(archive, server.consul.restored().get(0));
        assertEquals(1, server.s3.calls().stream().filter(c -> c.startsWith("GET ")).count());
    }

    @Test
    void aKeyOutsideTheClustersPrefixIsRefusedWithoutReadingIt() throws Exception {
        server.s3.object("other-cluster/20260105T090000Z-99.snap", UserData.gzip("another cluster"));
        tag("consul-restore-request", "other-cluster/20260105T090000Z-99.snap");

        server.status();

        server.consoleLine("CONSUL_RESTORE ", "CONSUL_RESTORE key=other-cluster/20260105T090000Z-99\\.snap result=FAILED at=" + TIME
                + " reason=not a snapshot of this cluster: a restore reads " + CLUSTER + "/<name>\\.snap only");
        assertTrue(server.s3.calls().stream().noneMatch(c -> c.startsWith("GET ")));
        assertEquals(List.of(), server.consul.restored());
    }

    @Test
    void aMissingKeyFailsWithS3sAnswer() throws Exception {
        tag("consul-restore-request", CLUSTER + "/20260105T090000Z-1.snap");

        server.status();

        server.consoleLine("CONSUL_RESTORE ", "CONSUL_RESTORE key=" + CLUSTER + "/20260105T090000Z-1\\.snap result=FAILED at=" + TIME
                + " reason=S3 GetObject " + CLUSTER + "/20260105T090000Z-1\\.snap: AccessDenied: Access Denied");
        assertEquals(List.of(), server.consul.restored());
    }

    @Test
    void aServerSecretWithoutTheSnapshotTokenSavesNothingAndSaysWhy() throws Exception {
        java.nio.file.Files.delete(server.box.root.resolve("opt/consul/tokens/snapshot"));

        server.status();

        server.consoleLine("CONSUL_SNAPSHOT ", "CONSUL_SNAPSHOT request=hourly result=FAILED at=" + TIME
                + " reason=no snapshot token file: run consul-secrets fetch first");
    }

    @Test
    void theHelperRunByHandSavesOneSnapshot() throws Exception {
        ScriptSandbox.Result result = server.helper("snapshot", "--region", ServerSandbox.REGION, "--bucket", ServerSandbox.BUCKET,
                "--cluster", CLUSTER, "--request", "by-hand", "--api", server.consul.url(), "--root", server.box.root.toString());

        assertEquals(0, result.exit(), result.stderr());
        assertTrue(result.stdout().matches("CONSUL_SNAPSHOT request=by-hand key=" + KEY + " index=142 at=" + TIME + "\n"), result.stdout());
        assertEquals(new String(server.consul.snapshot(), StandardCharsets.ISO_8859_1),
                new String(server.s3.objects().values().iterator().next(), StandardCharsets.ISO_8859_1));
    }
}
