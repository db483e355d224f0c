package io.consulfactory.local.cloud.s3;

import com.fasterxml.jackson.databind.JsonNode;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.cloud.AwsCli;
import io.consulfactory.local.cloud.LocalAws;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The AWS CLI (botocore: a second, independent client, and what a node's scripts could use) on the local S3: the
 * s3api commands and {@code aws s3 cp}, with the CLI's key registered so its signatures are checked too.
 */
@ExtendWith(LocalAwsExtension.class)
class S3CliTest {

    private static final String BUCKET = "consul-cluster-factory-snapshots-123456789012-us-east-1";
    private static final String CLI_KEY = "AKIALOCALCLI00000001";

    /** {@code aws <args>}: exit code and stderr, for the commands that must fail. */
    private static String[] failing(LocalAws aws, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", aws.endpoint().toString(), "--region",
                LocalAws.DEFAULT_REGION));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", CLI_KEY, "AWS_SECRET_ACCESS_KEY", "local-secret",
                "AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null", "AWS_EC2_METADATA_DISABLED", "true"));
        Process process = builder.start();
        process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new String[]{String.valueOf(process.exitValue()), err};
    }

    @Test
    void theCliPutsGetsAndListsObjects(LocalAws aws, @TempDir Path dir) throws Exception {
        aws.registerCredentials(CLI_KEY, "local-secret");
        AwsCli.json(aws, "s3api", "create-bucket", "--bucket", BUCKET);
        AwsCli.json(aws, "s3api", "put-bucket-versioning", "--bucket", BUCKET, "--versioning-configuration", "Status=Enabled");
        Path snapshot = dir.resolve("snap.json");
        Files.writeString(snapshot, "{\"kv\":{\"marker\":\"from the cli\"}}");

        JsonNode put = AwsCli.json(aws, "s3api", "put-object", "--bucket", BUCKET, "--key", "dc1/20260105T090000Z-7.snap",
                "--body", snapshot.toString(), "--content-type", "application/json");
        assertTrue(put.get("ETag").asText().matches("\"[0-9a-f]{32}\""), put.toString());
        assertTrue(put.get("VersionId").asText().matches("[A-Za-z0-9._]{32}"), put.toString());
        AwsCli.json(aws, "s3api", "put-object", "--bucket", BUCKET, "--key", "dc1/with space+plus.snap", "--body", snapshot.toString());
        AwsCli.json(aws, "s3api", "put-object", "--bucket", BUCKET, "--key", "dc2/other.snap", "--body", snapshot.toString());

        Path out = dir.resolve("out.json");
        JsonNode got = AwsCli.json(aws, "s3api", "get-object", "--bucket", BUCKET, "--key", "dc1/20260105T090000Z-7.snap", out.toString());
        assertEquals(Files.readString(snapshot), Files.readString(out));
        assertEquals("application/json", got.get("ContentType").asText());
        assertEquals(put.get("ETag").asText(), got.get("ETag").asText());

        JsonNode listed = AwsCli.json(aws, "s3api", "list-objects-v2", "--bucket", BUCKET, "--prefix", "dc1/");
        List<String> keys = new ArrayList<>();
        listed.get("Contents").forEach(c -> keys.add(c.get("Key").asText()));
        assertEquals(List.of("dc1/20260105T090000Z-7.snap", "dc1/with space+plus.snap"), keys, "the CLI decoded encoding-type=url");
        JsonNode rolled = AwsCli.json(aws, "s3api", "list-objects-v2", "--bucket", BUCKET, "--delimiter", "/");
        assertEquals(2, rolled.get("CommonPrefixes").size());
        JsonNode paged = AwsCli.json(aws, "s3api", "list-objects-v2", "--bucket", BUCKET, "--page-size", "1");
        assertEquals(3, paged.get("Contents").size(), "the CLI followed the continuation tokens");
        assertTrue(aws.calls().of("s3", "ListObjectsV2").size() >= 5);
        assertTrue(aws.calls().matching(c -> c.service().equals("s3")).stream().allMatch(c -> c.succeeded()));
    }

    @Test
    void awsS3CpUploadsAndDownloads(LocalAws aws, @TempDir Path dir) throws Exception {
        aws.registerCredentials(CLI_KEY, "local-secret");
        aws.s3().createBucket(BUCKET);
        Path file = dir.resolve("snapshot.snap");
        byte[] data = new byte[200_000];
        new java.util.Random(1).nextBytes(data);
        Files.write(file, data);

        AwsCli.json(aws, "s3", "cp", "--only-show-errors", file.toString(), "s3://" + BUCKET + "/dc1/snapshot.snap");
        assertEquals(java.util.Arrays.hashCode(data), java.util.Arrays.hashCode(aws.s3().getObject(BUCKET, "dc1/snapshot.snap").orElseThrow()));
        Path back = dir.resolve("back.snap");
        AwsCli.json(aws, "s3", "cp", "--only-show-errors", "s3://" + BUCKET + "/dc1/snapshot.snap", back.toString());
        assertEquals(java.util.Arrays.hashCode(data), java.util.Arrays.hashCode(Files.readAllBytes(back)));
    }

    @Test
    void theCliSeesS3sErrorCodes(LocalAws aws) throws Exception {
        String[] noBucket = failing(aws, "s3api", "get-object", "--bucket", BUCKET, "--key", "k", "/dev/null");
        assertNotEquals("0", noBucket[0]);
        assertTrue(noBucket[1].contains("(NoSuchBucket)"), noBucket[1]);
        aws.s3().createBucket(BUCKET);
        String[] noKey = failing(aws, "s3api", "get-object", "--bucket", BUCKET, "--key", "dc1/none.snap", "/dev/null");
        assertTrue(noKey[1].contains("(NoSuchKey)"), noKey[1]);
        String[] badName = failing(aws, "s3api", "create-bucket", "--bucket", "Not_A_Bucket");
        assertTrue(badName[1].contains("(InvalidBucketName)"), badName[1]);
        aws.s3().putObject(BUCKET, "k", new byte[1]);
        String[] notEmpty = failing(aws, "s3api", "delete-bucket", "--bucket", BUCKET);
        assertTrue(notEmpty[1].contains("(BucketNotEmpty)"), notEmpty[1]);
        String[] head = failing(aws, "s3api", "head-object", "--bucket", BUCKET, "--key", "missing");
        assertTrue(head[1].contains("404"), head[1]);
    }
}
