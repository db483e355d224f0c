package io.consulfactory.local.cloud.s3;

import io.consulfactory.aws.AwsClients;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.cloud.LocalAws;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import static io.consulfactory.local.cloud.CatalogueAssertions.answers;

/**
 * A sample of the local S3's errors, through the SDK (the tests' key registered, so signatures are checked),
 * answered with the catalogue's code, status and message (the message as the {@code <Error>} body carries it: every
 * call here has a body in its answer, unlike HEAD's).
 */
@ExtendWith(LocalAwsExtension.class)
class S3ErrorsTest {

    private static final String BUCKET = "consul-cluster-factory-snapshots-123456789012-us-east-1";

    private final S3Client s3 = AwsClients.s3();

    @BeforeEach
    void verifySignatures(LocalAws aws) {
        aws.registerCredentials(LocalAwsExtension.ACCESS_KEY_ID, "local-secret");
    }

    private void bucketWithObject() {
        s3.createBucket(r -> r.bucket(BUCKET));
        s3.putObject(r -> r.bucket(BUCKET).key("snapshots/1.snap"), RequestBody.fromString("snapshot"));
    }

    @Test
    void aBucketThatDoesNotExistIsNoSuchBucket() {
        answers(S3Errors.noSuchBucket(), NoSuchBucketException.class,
                () -> s3.getObject(r -> r.bucket(BUCKET).key("snapshots/1.snap")));
    }

    @Test
    void aKeyOrVersionThatDoesNotExistIsNoSuchKeyOrVersion() {
        bucketWithObject();

        answers(S3Errors.noSuchKey(), NoSuchKeyException.class, () -> s3.getObject(r -> r.bucket(BUCKET).key("missing")));
        answers(S3Errors.noSuchVersion(), S3Exception.class,
                () -> s3.getObject(r -> r.bucket(BUCKET).key("snapshots/1.snap").versionId("A".repeat(32))));
        answers(S3Errors.invalidVersionId(), S3Exception.class,
                () -> s3.getObject(r -> r.bucket(BUCKET).key("snapshots/1.snap").versionId("not-a-version")));
    }

    @Test
    void aBucketWithObjectsIsNotEmpty() {
        bucketWithObject();

        answers(S3Errors.bucketNotEmpty(), S3Exception.class, () -> s3.deleteBucket(r -> r.bucket(BUCKET)));
    }

    @Test
    void aSettingNeverPutDoesNotExist() {
        s3.createBucket(r -> r.bucket(BUCKET));

        answers(S3Errors.noSuchBucketPolicy(), S3Exception.class, () -> s3.getBucketPolicy(r -> r.bucket(BUCKET)));
        answers(S3Errors.noSuchLifecycleConfiguration(), S3Exception.class,
                () -> s3.getBucketLifecycleConfiguration(r -> r.bucket(BUCKET)));
        answers(S3Errors.noSuchPublicAccessBlock(), S3Exception.class, () -> s3.getPublicAccessBlock(r -> r.bucket(BUCKET)));
    }

    @Test
    void aPolicyThatIsNotJsonIsMalformed() {
        s3.createBucket(r -> r.bucket(BUCKET));

        answers(S3Errors.malformedPolicy("Policies must be valid JSON and the first byte must be '{'"), S3Exception.class,
                () -> s3.putBucketPolicy(r -> r.bucket(BUCKET).policy("not json")));
    }

    @Test
    void aConditionalPutOfAKeyInUseFailsItsPrecondition() {
        bucketWithObject();

        answers(S3Errors.preconditionFailed(), S3Exception.class, () -> s3.putObject(r -> r.bucket(BUCKET)
                .key("snapshots/1.snap").ifNoneMatch("*"), RequestBody.fromString("another")));
    }

    @Test
    void aRangeAfterTheEndCannotBeSatisfied() {
        bucketWithObject();

        answers(S3Errors.invalidRange(), S3Exception.class,
                () -> s3.getObject(r -> r.bucket(BUCKET).key("snapshots/1.snap").range("bytes=100-200")));
    }

    @Test
    void anObjectIsNotCopiedOntoItselfWithoutNewMetadata() {
        bucketWithObject();

        answers(S3Errors.copyToItself(), S3Exception.class, () -> s3.copyObject(r -> r.sourceBucket(BUCKET)
                .sourceKey("snapshots/1.snap").destinationBucket(BUCKET).destinationKey("snapshots/1.snap")));
    }

    @Test
    void aContinuationTokenNotGivenByListObjectsV2IsRefused() {
        s3.createBucket(r -> r.bucket(BUCKET));

        answers(S3Errors.invalidContinuationToken(), S3Exception.class,
                () -> s3.listObjectsV2(r -> r.bucket(BUCKET).continuationToken("bm90LWEtdG9rZW4=")));
    }
}
