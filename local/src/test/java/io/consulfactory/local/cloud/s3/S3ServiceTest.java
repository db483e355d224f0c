package io.consulfactory.local.cloud.s3;

import io.consulfactory.aws.AwsClients;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.cloud.Call;
import io.consulfactory.local.cloud.LocalAws;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local S3 through the real SDK client the functions use ({@link AwsClients#s3()}: default settings, the
 * lightweight HTTP client, the endpoint from {@code aws.endpointUrl}), with the tests' key registered, so every
 * request's SigV4 signature is checked, aws-chunked uploads chunk by chunk. Each operation, and each error as the
 * SDK raises it.
 */
@ExtendWith(LocalAwsExtension.class)
class S3ServiceTest {

    private static final String BUCKET = "consul-cluster-factory-snapshots-123456789012-us-east-1";

    private final S3Client s3 = AwsClients.s3();
    private LocalAws aws;

    @BeforeEach
    void verifySignatures(LocalAws aws) {
        this.aws = aws;
        aws.registerCredentials(LocalAwsExtension.ACCESS_KEY_ID, "local-secret");
    }

    private static S3Client client(LocalAws aws, Region region, String secret) {
        return S3Client.builder().endpointOverride(aws.endpoint()).region(region)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(LocalAwsExtension.ACCESS_KEY_ID, secret)))
                .build();
    }

    private static String md5Hex(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    private String body(String key) {
        return s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asUtf8String();
    }

    @Test
    void aBucketIsCreatedHeadedAndDeletedOnceEmpty() {
        s3.createBucket(r -> r.bucket(BUCKET));

        assertEquals("us-east-1", s3.headBucket(r -> r.bucket(BUCKET)).bucketRegion());
        assertEquals("", s3.getBucketLocation(r -> r.bucket(BUCKET)).locationConstraintAsString(), "us-east-1's is null");
        assertEquals(List.of(BUCKET), s3.listBuckets().buckets().stream().map(b -> b.name()).toList());
        // us-east-1's legacy: re-creating a bucket you own there answers 200
        s3.createBucket(r -> r.bucket(BUCKET));
        try (S3Client west = client(aws, Region.US_WEST_2, "local-secret")) {
            BucketAlreadyOwnedByYouException owned = assertThrows(BucketAlreadyOwnedByYouException.class,
                    () -> west.createBucket(r -> r.bucket(BUCKET).createBucketConfiguration(c -> c.locationConstraint("us-west-2"))));
            assertEquals(409, owned.statusCode());
            // (the SDK itself adds the client's Region as LocationConstraint when none is given)
            S3Exception elsewhere = assertThrows(S3Exception.class, () -> west.createBucket(r -> r.bucket("another-bucket")
                    .createBucketConfiguration(c -> c.locationConstraint("eu-west-1"))));
            assertEquals("IllegalLocationConstraintException", elsewhere.awsErrorDetails().errorCode());
            west.createBucket(r -> r.bucket("a-western-bucket"));
            assertEquals("us-west-2", west.headBucket(r -> r.bucket("a-western-bucket")).bucketRegion());
            assertEquals("us-west-2", s3.getBucketLocation(r -> r.bucket("a-western-bucket")).locationConstraintAsString());
        }
        // (InvalidBucketName: the SDK refuses such names itself; S3CliTest sends one)

        s3.putObject(r -> r.bucket(BUCKET).key("k"), RequestBody.fromString("v"));
        S3Exception notEmpty = assertThrows(S3Exception.class, () -> s3.deleteBucket(r -> r.bucket(BUCKET)));
        assertEquals(409, notEmpty.statusCode());
        assertEquals("BucketNotEmpty", notEmpty.awsErrorDetails().errorCode());
        s3.deleteObject(r -> r.bucket(BUCKET).key("k"));
        s3.deleteBucket(r -> r.bucket(BUCKET));

        assertThrows(NoSuchBucketException.class, () -> s3.headBucket(r -> r.bucket(BUCKET)));
        NoSuchBucketException gone = assertThrows(NoSuchBucketException.class,
                () -> s3.putObject(r -> r.bucket(BUCKET).key("k"), RequestBody.fromString("v")));
        assertEquals(404, gone.statusCode());
        assertTrue(aws.s3().bucket(BUCKET).isEmpty());
    }

    @Test
    void anObjectIsPutReadHeadedAndDeletedWithItsEtagTypeAndMetadata() throws Exception {
        s3.createBucket(r -> r.bucket(BUCKET));
        byte[] data = "{\"kv\":{\"marker\":\"x\"}}".getBytes(StandardCharsets.UTF_8);
        String key = "dc1/20260105T090000Z-42.snap";

        PutObjectResponse put = s3.putObject(r -> r.bucket(BUCKET).key(key).contentType("application/json")
                .metadata(Map.of("consul-index", "42")), RequestBody.fromBytes(data));

        assertEquals("\"" + md5Hex(data) + "\"", put.eTag());
        assertEquals(ServerSideEncryption.AES256, put.serverSideEncryption());
        assertNull(put.versionId(), "no version id in a bucket never versioned");
        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key));
        assertArrayEquals(data, got.asByteArray());
        assertEquals("application/json", got.response().contentType());
        assertEquals(put.eTag(), got.response().eTag());
        assertEquals(Map.of("consul-index", "42"), got.response().metadata());
        assertEquals(aws.clock().now(), got.response().lastModified());
        HeadObjectResponse head = s3.headObject(r -> r.bucket(BUCKET).key(key));
        assertEquals(data.length, head.contentLength());
        assertEquals(put.eTag(), head.eTag());
        assertEquals("\"kv\"", s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key).range("bytes=1-4")).asUtf8String());
        // path style: the SDK addressed the bucket in the path (an IP endpoint), the key with its slash intact
        Call call = aws.calls().of("s3", "PutObject").get(0);
        assertEquals(Map.of("Bucket", BUCKET, "Key", key), call.params());
        assertEquals(List.of(key), aws.s3().listKeys(BUCKET, "dc1/"));

        s3.deleteObject(r -> r.bucket(BUCKET).key(key));

        NoSuchKeyException missing = assertThrows(NoSuchKeyException.class, () -> s3.getObject(r -> r.bucket(BUCKET).key(key)));
        assertEquals(404, missing.statusCode());
        assertEquals("NoSuchKey", missing.awsErrorDetails().errorCode());
        assertThrows(NoSuchKeyException.class, () -> s3.headObject(r -> r.bucket(BUCKET).key(key)));
        s3.deleteObject(r -> r.bucket(BUCKET).key(key)); // deleting what is not there succeeds, as S3's does
        assertThrows(NoSuchBucketException.class, () -> s3.getObject(r -> r.bucket("no-such-bucket").key(key)));
    }

    @Test
    void keysWithSpacesUnicodeAndPlusSignsKeepTheirNamesAndSignatures() {
        s3.createBucket(r -> r.bucket(BUCKET));
        List<String> keys = List.of("a b/c+d=e.txt", "ünï/cødé ~*'()!.json", "x/../y", "trailing/");
        for (String key : keys) {
            s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString(key));
        }
        for (String key : keys) {
            assertEquals(key, body(key));
        }
        assertEquals(keys.stream().sorted().toList(),
                s3.listObjectsV2(r -> r.bucket(BUCKET)).contents().stream().map(S3Object::key).toList());
    }

    @Test
    void aContentMd5OrChecksumThatDoesNotMatchIsRefusedWithBadDigest() throws Exception {
        s3.createBucket(r -> r.bucket(BUCKET));
        byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
        String otherMd5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest("other".getBytes()));
        String rightMd5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(data));

        S3Exception md5 = assertThrows(S3Exception.class,
                () -> s3.putObject(r -> r.bucket(BUCKET).key("k").contentMD5(otherMd5), RequestBody.fromBytes(data)));
        assertEquals("BadDigest", md5.awsErrorDetails().errorCode());
        assertEquals(400, md5.statusCode());
        S3Exception sha = assertThrows(S3Exception.class, () -> s3.putObject(r -> r.bucket(BUCKET).key("k")
                .checksumSHA256(Base64.getEncoder().encodeToString(new byte[32])), RequestBody.fromBytes(data)));
        assertEquals("BadDigest", sha.awsErrorDetails().errorCode());
        assertTrue(aws.s3().getObject(BUCKET, "k").isEmpty(), "nothing stored");

        s3.putObject(r -> r.bucket(BUCKET).key("k").contentMD5(rightMd5), RequestBody.fromBytes(data));
        for (ChecksumAlgorithm algorithm : List.of(ChecksumAlgorithm.CRC32, ChecksumAlgorithm.CRC32_C,
                ChecksumAlgorithm.SHA1, ChecksumAlgorithm.SHA256)) { // CRC64NVME needs the SDK's CRT: checked below
            s3.putObject(r -> r.bucket(BUCKET).key("k-" + algorithm).checksumAlgorithm(algorithm), RequestBody.fromBytes(data));
            assertEquals("payload", body("k-" + algorithm), algorithm.toString());
            GetObjectResponse got = s3.getObject(r -> r.bucket(BUCKET).key("k-" + algorithm)
                    .checksumMode(software.amazon.awssdk.services.s3.model.ChecksumMode.ENABLED), (response, in) -> response);
            assertFalse(got.checksumCRC32() == null && got.checksumCRC32C() == null && got.checksumSHA1() == null
                    && got.checksumSHA256() == null && got.checksumCRC64NVME() == null, "the checksum comes back: " + got);
        }
        assertEquals(Base64.getEncoder().encodeToString(HexFormat.of().parseHex("ae8b14860a799888")),
                Checksums.compute("CRC64NVME", "123456789".getBytes(StandardCharsets.US_ASCII)),
                "CRC-64/NVME's check value for \"123456789\" (the CRC RevEng catalogue)");
    }

    @Test
    void aWrongSecretAccessKeyIsRefusedWithSignatureDoesNotMatch() {
        s3.createBucket(r -> r.bucket(BUCKET));
        try (S3Client wrong = client(aws, Region.US_EAST_1, "not-the-secret")) {
            S3Exception e = assertThrows(S3Exception.class,
                    () -> wrong.putObject(r -> r.bucket(BUCKET).key("k"), RequestBody.fromString("forged")));
            assertEquals(403, e.statusCode());
            assertEquals("SignatureDoesNotMatch", e.awsErrorDetails().errorCode());
            assertThrows(S3Exception.class, () -> wrong.listObjectsV2(r -> r.bucket(BUCKET)));
        }
        assertTrue(aws.s3().getObject(BUCKET, "k").isEmpty());
    }

    @Test
    void aVersionedBucketKeepsEveryVersionAndDeleteMarkers() {
        s3.createBucket(r -> r.bucket(BUCKET));
        assertNull(s3.getBucketVersioning(r -> r.bucket(BUCKET)).status());
        s3.putBucketVersioning(r -> r.bucket(BUCKET).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        assertEquals(BucketVersioningStatus.ENABLED, s3.getBucketVersioning(r -> r.bucket(BUCKET)).status());

        String v1 = s3.putObject(r -> r.bucket(BUCKET).key("k"), RequestBody.fromString("one")).versionId();
        String v2 = s3.putObject(r -> r.bucket(BUCKET).key("k"), RequestBody.fromString("two")).versionId();
        assertNotEquals(v1, v2);
        assertTrue(v1.matches("[A-Za-z0-9._]{32}"), v1);
        assertEquals("two", body("k"));
        assertEquals("one", s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("k").versionId(v1)).asUtf8String());

        var deleted = s3.deleteObject(r -> r.bucket(BUCKET).key("k"));
        assertTrue(deleted.deleteMarker());
        assertThrows(NoSuchKeyException.class, () -> s3.getObject(r -> r.bucket(BUCKET).key("k")));
        assertEquals("two", s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("k").versionId(v2)).asUtf8String());
        assertEquals(0, s3.listObjectsV2(r -> r.bucket(BUCKET)).keyCount());
        var versions = s3.listObjectVersions(r -> r.bucket(BUCKET));
        assertEquals(List.of(v2, v1), versions.versions().stream().map(v -> v.versionId()).toList());
        assertEquals(List.of(deleted.versionId()), versions.deleteMarkers().stream().map(m -> m.versionId()).toList());
        S3Exception noVersion = assertThrows(S3Exception.class,
                () -> s3.getObject(r -> r.bucket(BUCKET).key("k").versionId("A".repeat(32))));
        assertEquals("NoSuchVersion", noVersion.awsErrorDetails().errorCode());
        assertEquals("BucketNotEmpty", assertThrows(S3Exception.class, () -> s3.deleteBucket(r -> r.bucket(BUCKET)))
                .awsErrorDetails().errorCode(), "versions and delete markers keep a bucket from being deleted");

        s3.deleteObject(r -> r.bucket(BUCKET).key("k").versionId(deleted.versionId()));
        assertEquals("two", body("k"), "removing the delete marker brings the object back");
    }

    @Test
    void listObjectsV2PagesThroughPrefixesDelimitersAndStartAfter() {
        s3.createBucket(r -> r.bucket(BUCKET));
        List<String> keys = List.of("dc1/a.snap", "dc1/b.snap", "dc1/c.snap", "dc1/old/x.snap", "dc2/a.snap", "top.txt");
        for (String key : keys) {
            s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString(key));
        }

        ListObjectsV2Response rolled = s3.listObjectsV2(r -> r.bucket(BUCKET).delimiter("/"));
        assertEquals(List.of("top.txt"), rolled.contents().stream().map(S3Object::key).toList());
        assertEquals(List.of("dc1/", "dc2/"), rolled.commonPrefixes().stream().map(p -> p.prefix()).toList());
        ListObjectsV2Response dc1 = s3.listObjectsV2(r -> r.bucket(BUCKET).prefix("dc1/").delimiter("/"));
        assertEquals(List.of("dc1/a.snap", "dc1/b.snap", "dc1/c.snap"), dc1.contents().stream().map(S3Object::key).toList());
        assertEquals(List.of("dc1/old/"), dc1.commonPrefixes().stream().map(p -> p.prefix()).toList());
        assertEquals(4, dc1.keyCount());
        assertEquals("dc1/a.snap".length(), dc1.contents().get(0).size());

        ListObjectsV2Response first = s3.listObjectsV2(r -> r.bucket(BUCKET).prefix("dc1/").maxKeys(2));
        assertTrue(first.isTruncated());
        assertEquals(List.of("dc1/a.snap", "dc1/b.snap"), first.contents().stream().map(S3Object::key).toList());
        ListObjectsV2Response second = s3.listObjectsV2(r -> r.bucket(BUCKET).prefix("dc1/").maxKeys(2)
                .continuationToken(first.nextContinuationToken()));
        assertEquals(List.of("dc1/c.snap", "dc1/old/x.snap"), second.contents().stream().map(S3Object::key).toList());
        assertFalse(second.isTruncated());

        List<String> paged = new ArrayList<>();
        s3.listObjectsV2Paginator(r -> r.bucket(BUCKET).maxKeys(1)).contents().forEach(o -> paged.add(o.key()));
        assertEquals(keys, paged);
        assertEquals(List.of("dc2/a.snap", "top.txt"), s3.listObjectsV2(r -> r.bucket(BUCKET).startAfter("dc1/old/x.snap"))
                .contents().stream().map(S3Object::key).toList());

        S3Exception token = assertThrows(S3Exception.class,
                () -> s3.listObjectsV2(r -> r.bucket(BUCKET).continuationToken("not-a-token")));
        assertEquals("InvalidArgument", token.awsErrorDetails().errorCode());
        assertThrows(NoSuchBucketException.class, () -> s3.listObjectsV2(r -> r.bucket("no-such-bucket")));
    }

    @Test
    void deleteObjectsDeletesManyAndCopyObjectCopies() {
        s3.createBucket(r -> r.bucket(BUCKET));
        for (String key : List.of("a", "b", "c")) {
            s3.putObject(r -> r.bucket(BUCKET).key(key).metadata(Map.of("from", key)), RequestBody.fromString(key));
        }

        var copied = s3.copyObject(r -> r.sourceBucket(BUCKET).sourceKey("a").destinationBucket(BUCKET).destinationKey("copies/a"));
        assertEquals(s3.headObject(r -> r.bucket(BUCKET).key("a")).eTag(), copied.copyObjectResult().eTag());
        assertEquals(Map.of("from", "a"), s3.headObject(r -> r.bucket(BUCKET).key("copies/a")).metadata());
        s3.copyObject(r -> r.sourceBucket(BUCKET).sourceKey("b").destinationBucket(BUCKET).destinationKey("copies/b")
                .metadataDirective(MetadataDirective.REPLACE).metadata(Map.of("replaced", "yes")));
        assertEquals(Map.of("replaced", "yes"), s3.headObject(r -> r.bucket(BUCKET).key("copies/b")).metadata());
        assertThrows(NoSuchKeyException.class, () -> s3.copyObject(r -> r.sourceBucket(BUCKET).sourceKey("missing")
                .destinationBucket(BUCKET).destinationKey("x")));
        S3Exception self = assertThrows(S3Exception.class, () -> s3.copyObject(r -> r.sourceBucket(BUCKET).sourceKey("a")
                .destinationBucket(BUCKET).destinationKey("a")));
        assertEquals("InvalidRequest", self.awsErrorDetails().errorCode());

        DeleteObjectsResponse deleted = s3.deleteObjects(r -> r.bucket(BUCKET).delete(d -> d.objects(
                ObjectIdentifier.builder().key("a").build(), ObjectIdentifier.builder().key("b").build(),
                ObjectIdentifier.builder().key("never-there").build())));

        assertEquals(List.of("a", "b", "never-there"), deleted.deleted().stream().map(d -> d.key()).toList());
        assertEquals(List.of(), deleted.errors());
        assertEquals(List.of("c", "copies/a", "copies/b"), aws.s3().listKeys(BUCKET, ""));
    }

    @Test
    void theBucketSettingsAreStoredAsPutAndThePolicyIsNotEnforced() {
        s3.createBucket(r -> r.bucket(BUCKET));
        assertEquals(ServerSideEncryption.AES256, s3.getBucketEncryption(r -> r.bucket(BUCKET)).serverSideEncryptionConfiguration()
                .rules().get(0).applyServerSideEncryptionByDefault().sseAlgorithm(), "SSE-S3 by default");
        s3.putBucketEncryption(r -> r.bucket(BUCKET).serverSideEncryptionConfiguration(c -> c.rules(rule -> rule
                .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256)).bucketKeyEnabled(true))));
        assertTrue(s3.getBucketEncryption(r -> r.bucket(BUCKET)).serverSideEncryptionConfiguration().rules().get(0).bucketKeyEnabled());

        assertEquals("NoSuchPublicAccessBlockConfiguration", assertThrows(S3Exception.class,
                () -> s3.getPublicAccessBlock(r -> r.bucket(BUCKET))).awsErrorDetails().errorCode());
        s3.putPublicAccessBlock(r -> r.bucket(BUCKET).publicAccessBlockConfiguration(c -> c.blockPublicAcls(true)
                .ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)));
        assertTrue(s3.getPublicAccessBlock(r -> r.bucket(BUCKET)).publicAccessBlockConfiguration().restrictPublicBuckets());

        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyInsecureTransport\",\"Effect\":\"Deny\","
                + "\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":[\"arn:aws:s3:::" + BUCKET + "\",\"arn:aws:s3:::"
                + BUCKET + "/*\"],\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}";
        s3.putBucketPolicy(r -> r.bucket(BUCKET).policy(policy));
        assertEquals(policy, s3.getBucketPolicy(r -> r.bucket(BUCKET)).policy());
        s3.putObject(r -> r.bucket(BUCKET).key("over-http"), RequestBody.fromString("served"));
        assertEquals("served", body("over-http"), "aws:SecureTransport is not enforced: the local endpoint is plain HTTP");
        assertEquals("MalformedPolicy", assertThrows(S3Exception.class,
                () -> s3.putBucketPolicy(r -> r.bucket(BUCKET).policy("not json"))).awsErrorDetails().errorCode());
        assertEquals("NoSuchBucketPolicy", assertThrows(S3Exception.class,
                () -> s3.getBucketPolicy(r -> r.bucket("x" + BUCKET.substring(1)))).awsErrorDetails().errorCode().replace("NoSuchBucket", "NoSuchBucketPolicy"));

        assertEquals("NoSuchLifecycleConfiguration", assertThrows(S3Exception.class,
                () -> s3.getBucketLifecycleConfiguration(r -> r.bucket(BUCKET))).awsErrorDetails().errorCode());
        s3.putBucketLifecycleConfiguration(r -> r.bucket(BUCKET).lifecycleConfiguration(c -> c.rules(rule -> rule
                .id("expire-snapshots").status(ExpirationStatus.ENABLED).filter(f -> f.prefix(""))
                .expiration(e -> e.days(30)).noncurrentVersionExpiration(n -> n.noncurrentDays(30)))));
        var rules = s3.getBucketLifecycleConfiguration(r -> r.bucket(BUCKET)).rules();
        assertEquals(30, rules.get(0).expiration().days());
        assertEquals("expire-snapshots", rules.get(0).id());
    }

    @Test
    void lifecycleExpiryRemovesObjectsAtTheMidnightAfterTheirDaysOnTheLocalClock() {
        s3.createBucket(r -> r.bucket(BUCKET));
        s3.putBucketLifecycleConfiguration(r -> r.bucket(BUCKET).lifecycleConfiguration(c -> c.rules(rule -> rule
                .id("expire").status(ExpirationStatus.ENABLED).filter(f -> f.prefix("dc1/")).expiration(e -> e.days(2)))));
        s3.putObject(r -> r.bucket(BUCKET).key("dc1/old"), RequestBody.fromString("old"));
        s3.putObject(r -> r.bucket(BUCKET).key("dc2/kept"), RequestBody.fromString("kept"));
        java.time.Instant created = s3.headObject(r -> r.bucket(BUCKET).key("dc1/old")).lastModified();
        // created + 2 days, rounded up to the next midnight UTC
        java.time.Instant due = created.plus(Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.DAYS);

        aws.clock().advance(Duration.between(aws.clock().now(), due).minusMinutes(1));
        assertEquals(List.of("dc1/old", "dc2/kept"), keys(), "not yet at " + aws.clock().now());
        aws.clock().advance(Duration.ofMinutes(1).plusSeconds(5));
        assertEquals(List.of("dc2/kept"), keys(), "expired at the midnight " + due);
    }

    @Test
    void inAVersionedBucketExpiryAddsADeleteMarkerAndNoncurrentVersionsGoLater() {
        s3.createBucket(r -> r.bucket(BUCKET));
        s3.putBucketVersioning(r -> r.bucket(BUCKET).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        s3.putBucketLifecycleConfiguration(r -> r.bucket(BUCKET).lifecycleConfiguration(c -> c.rules(rule -> rule
                .id("retention").status(ExpirationStatus.ENABLED).filter(f -> f.prefix(""))
                .expiration(e -> e.days(1)).noncurrentVersionExpiration(n -> n.noncurrentDays(1)))));
        s3.putObject(r -> r.bucket(BUCKET).key("k"), RequestBody.fromString("v"));

        aws.clock().advance(Duration.ofDays(2));
        assertEquals(List.of(), keys());
        var versions = s3.listObjectVersions(r -> r.bucket(BUCKET));
        assertEquals(1, versions.versions().size(), "the expired version is kept, noncurrent");
        assertEquals(1, versions.deleteMarkers().size());

        aws.clock().advance(Duration.ofDays(2));
        assertEquals(0, s3.listObjectVersions(r -> r.bucket(BUCKET)).versions().size(), "the noncurrent version expired");
    }

    private List<String> keys() {
        return s3.listObjectsV2(r -> r.bucket(BUCKET)).contents().stream().map(S3Object::key).toList();
    }

    /** A virtual-hosted-style request (the bucket in the Host header), as a client with a DNS name endpoint sends it. */
    @Test
    void aVirtualHostedStyleRequestNamesTheBucketInTheHost() throws Exception {
        aws.s3().createBucket(BUCKET);
        aws.s3().putObject(BUCKET, "dc1/x.snap", "virtual".getBytes(StandardCharsets.UTF_8));
        String response;
        try (Socket socket = new Socket(aws.endpoint().getHost(), aws.endpoint().getPort())) {
            socket.getOutputStream().write(("GET /dc1/x.snap HTTP/1.1\r\nHost: " + BUCKET + ".localhost:" + aws.endpoint().getPort()
                    + "\r\nx-amz-content-sha256: UNSIGNED-PAYLOAD\r\nx-amz-date: 20260105T090000Z\r\n"
                    + "Authorization: AWS4-HMAC-SHA256 Credential=AKIAUNREGISTERED0001/20260105/us-east-1/s3/aws4_request,"
                    + " SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=00\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(response.startsWith("HTTP/1.1 200"), response);
        assertTrue(response.endsWith("\r\n\r\nvirtual"), response);
    }

    @Test
    void theJavaApiForLocalCodeSeesWhatTheSdkPut() {
        aws.s3().createBucket(BUCKET);
        s3.putObject(r -> r.bucket(BUCKET).key("dc1/a"), RequestBody.fromString("from the sdk"));
        aws.s3().putObject(BUCKET, "dc1/b", "from local code".getBytes(StandardCharsets.UTF_8));

        assertEquals("from the sdk", new String(aws.s3().getObject(BUCKET, "dc1/a").orElseThrow(), StandardCharsets.UTF_8));
        assertEquals("from local code", body("dc1/b"));
        assertEquals(List.of("dc1/a", "dc1/b"), aws.s3().listKeys(BUCKET, "dc1/"));
        assertTrue(aws.s3().getObject(BUCKET, "dc1/none").isEmpty());
        assertTrue(aws.s3().getObject("no-such-bucket", "dc1/a").isEmpty());
        assertEquals("NoSuchBucket", assertThrows(io.consulfactory.local.cloud.AwsError.class,
                () -> aws.s3().putObject("no-such-bucket", "k", new byte[0])).code());
    }
}
