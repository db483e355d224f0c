package io.consulfactory.local.cloud.s3;

import io.consulfactory.local.cloud.AwsError;

import java.util.Locale;

/**
 * The S3 errors the local service answers with: code, HTTP status and message as S3's error code list gives them
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList, "List of error codes"). Where the
 * message was taken from an answer of S3 seen in captures the source is named; the others are the list's description.
 */
public final class S3Errors {

    private S3Errors() {
    }

    /**
     * NoSuchBucket, 404: "The specified bucket does not exist."
     * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
     */
    public static AwsError noSuchBucket() {
        return new AwsError(404, "NoSuchBucket", "The specified bucket does not exist");
    }

    /**
     * NoSuchKey, 404: "The specified key does not exist." (also for a key whose current version is a delete marker).
     * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
     */
    public static AwsError noSuchKey() {
        return new AwsError(404, "NoSuchKey", "The specified key does not exist.");
    }

    /**
     * NoSuchVersion, 404: "Indicates that the version ID specified in the request does not match an existing version."
     * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
     */
    public static AwsError noSuchVersion() {
        return new AwsError(404, "NoSuchVersion", "The specified version does not exist.");
    }

    /**
     * MethodNotAllowed, 405: GetObject's reference: "If the specified version in the request is a delete marker, the
     * response returns a 405 Method Not Allowed error".
     * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
     */
    public static AwsError deleteMarkerVersion() {
        return new AwsError(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
    }

    /**
     * BucketAlreadyOwnedByYou, 409: "The bucket that you tried to create already exists, and you own it. Amazon S3
     * returns this error in all AWS Regions except in the North Virginia Region." (us-east-1 answers 200: see
     * {@link Buckets#create}).
     * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
     */
    public static AwsError bucketAlreadyOwnedByYou() {
        return new AwsError(409, "BucketAlreadyOwnedByYou",
                "Your previous request to create the named bucket succeeded and you already own it.");
    }

    /**
     * BucketNotEmpty, 409: "The bucket that you tried to delete is not empty." (object versions and delete markers count).
     * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
     */
    public static AwsError bucketNotEmpty() {
        return new AwsError(409, "BucketNotEmpty", "The bucket you tried to delete is not empty");
    }

    /**
     * InvalidBucketName, 400: "The specified bucket is not valid." (the naming rules).
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
     */
    public static AwsError invalidBucketName() {
        return AwsError.client("InvalidBucketName", "The specified bucket is not valid.");
    }

    /**
     * KeyTooLongError, 400: "Your key is too long." (1,024 bytes of UTF-8, the user guide's object key naming).
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html
     */
    public static AwsError keyTooLong() {
        return AwsError.client("KeyTooLongError", "Your key is too long");
    }

    /**
     * InvalidArgument, 400: "Invalid argument." with what was wrong.
     * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
     */
    public static AwsError invalidArgument(String message) {
        return AwsError.client("InvalidArgument", message);
    }

    /**
     * InvalidArgument for an empty object key (a key names the object: it has at least one character).
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html
     */
    public static AwsError emptyKey() {
        return invalidArgument("An object key must not be empty.");
    }

    /**
     * InvalidArgument for a versionId that is neither {@code null} nor in the shape of S3's version ids.
     * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
     */
    public static AwsError invalidVersionId() {
        return invalidArgument("Invalid version id specified");
    }

    /**
     * InvalidArgument for a ListObjectsV2 continuation token the bucket did not give ("obfuscated and is not a real key").
     * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
     */
    public static AwsError invalidContinuationToken() {
        return invalidArgument("The continuation token provided is incorrect");
    }

    /**
     * InvalidRequest, 400: "The request is using the wrong signature version..." and other refused combinations.
     * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
     */
    public static AwsError invalidRequest(String message) {
        return AwsError.client("InvalidRequest", message);
    }

    /**
     * MalformedXML, 400: "The XML that you provided was not well formed or did not validate against our published schema."
     * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
     */
    public static AwsError malformedXml() {
        return AwsError.client("MalformedXML",
                "The XML you provided was not well-formed or did not validate against our published schema");
    }

    /**
     * MalformedPolicy, 400: "Policies must be valid JSON and the first byte must be '{'" (PutBucketPolicy).
     * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html
     */
    public static AwsError malformedPolicy(String why) {
        return AwsError.client("MalformedPolicy", why);
    }

    /**
     * InvalidDigest, 400: "The Content-MD5 or checksum value that you specified is not valid."
     * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
     */
    public static AwsError invalidDigest() {
        return AwsError.client("InvalidDigest", "The Content-MD5 you specified was invalid.");
    }

    /**
     * BadDigest, 400: "The Content-MD5 or checksum value that you specified did not match what the server received."
     * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
     */
    public static AwsError badMd5() {
        return AwsError.client("BadDigest", "The Content-MD5 you specified did not match what we received.");
    }

    /**
     * BadDigest for an {@code x-amz-checksum-*} value, as S3 words it (e.g. "The CRC32 you specified did not match the calculated checksum.").
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
     */
    public static AwsError badChecksum(String algorithm) {
        return AwsError.client("BadDigest", "The " + algorithm + " you specified did not match the calculated checksum.");
    }

    /**
     * InvalidRequest for an {@code x-amz-checksum-<algorithm>} value that is not base64 (as S3 words it).
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
     */
    public static AwsError invalidChecksum(String algorithm) {
        return invalidRequest("Value for x-amz-checksum-" + algorithm.toLowerCase(Locale.ROOT) + " header is invalid.");
    }

    /**
     * InvalidRequest for a CopyObject of an object onto itself without new metadata (CopyObject's reference).
     * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html
     */
    public static AwsError copyToItself() {
        return invalidRequest("This copy request is illegal because it is trying to copy an object to itself"
                + " without changing the object's metadata, storage class, website redirect location or encryption attributes.");
    }

    /**
     * InvalidRequest for DeleteObjects without an integrity header (its reference: "Content-MD5 ... is required").
     * https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html
     */
    public static AwsError missingContentMd5() {
        return invalidRequest("Missing required header for this request: Content-Md5.");
    }

    /**
     * IncompleteBody, 400: "You did not provide the number of bytes specified by the Content-Length HTTP header."
     * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
     */
    public static AwsError incompleteBody() {
        return AwsError.client("IncompleteBody",
                "The request body terminated unexpectedly");
    }

    /**
     * XAmzContentSHA256Mismatch, 400: "The provided 'x-amz-content-sha256' header does not match what was computed."
     * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
     */
    public static AwsError contentSha256Mismatch() {
        return AwsError.client("XAmzContentSHA256Mismatch",
                "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }

    /**
     * SignatureDoesNotMatch, 403 (the answer S3 gives a wrong key or a changed request; message as S3 sends it).
     * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
     */
    public static AwsError signatureDoesNotMatch() {
        return new AwsError(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the"
                + " signature you provided. Check your key and signing method.");
    }

    /**
     * AuthorizationHeaderMalformed, 400: "The authorization header that you provided is not valid."
     * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
     */
    public static AwsError authorizationHeaderMalformed() {
        return AwsError.client("AuthorizationHeaderMalformed", "The authorization header is malformed.");
    }

    /**
     * InvalidLocationConstraint, 400: "The specified location (Region) constraint is not valid."
     * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
     */
    public static AwsError invalidLocationConstraint() {
        return AwsError.client("InvalidLocationConstraint", "The specified location-constraint is not valid");
    }

    /**
     * IllegalLocationConstraintException, 400: a LocationConstraint that is not the Region the request went to (or
     * none, outside us-east-1). Message as S3 answers it (e.g. github.com/aws/aws-cli/issues/2603).
     * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
     */
    public static AwsError illegalLocationConstraint(String constraint, String region) {
        return AwsError.client("IllegalLocationConstraintException", constraint == null
                ? "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to."
                : "The " + constraint + " location constraint is incompatible for the region specific endpoint this request was sent to.");
    }

    /**
     * InvalidRange, 416: "The requested range cannot be satisfied."
     * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
     */
    public static AwsError invalidRange() {
        return new AwsError(416, "InvalidRange", "The requested range is not satisfiable");
    }

    /**
     * NoSuchBucketPolicy, 404: "The specified bucket does not have a bucket policy."
     * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
     */
    public static AwsError noSuchBucketPolicy() {
        return new AwsError(404, "NoSuchBucketPolicy", "The bucket policy does not exist");
    }

    /**
     * NoSuchLifecycleConfiguration, 404: "The lifecycle configuration does not exist."
     * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
     */
    public static AwsError noSuchLifecycleConfiguration() {
        return new AwsError(404, "NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist");
    }

    /**
     * NoSuchPublicAccessBlockConfiguration, 404 (GetPublicAccessBlock of a bucket without one).
     * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetPublicAccessBlock.html
     */
    public static AwsError noSuchPublicAccessBlock() {
        return new AwsError(404, "NoSuchPublicAccessBlockConfiguration",
                "The public access block configuration was not found");
    }

    /**
     * PreconditionFailed, 412: "At least one of the preconditions that you specified did not hold."
     * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
     */
    public static AwsError preconditionFailed() {
        return new AwsError(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
    }

    /**
     * NotImplemented, 501: "A header that you provided implies functionality that is not implemented."
     * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
     */
    public static AwsError notImplemented(String what) {
        return new AwsError(501, "NotImplemented", "A header you provided implies functionality that is not"
                + " implemented (the local S3 does not serve " + what + ").");
    }

    /**
     * MissingContentLength, 411: "You must provide the Content-Length HTTP header."
     * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
     */
    public static AwsError missingContentLength() {
        return new AwsError(411, "MissingContentLength", "You must provide the Content-Length HTTP header.");
    }

    // ---- what any call may meet (the faults a test injects; see Faults) ----

    /** Too many requests (SlowDown, HTTP 503): https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList */
    public static AwsError slowDown() {
        return new AwsError(503, "SlowDown", "Please reduce your request rate.");
    }

    /** S3 failed on its side (InternalError, HTTP 500): https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList */
    public static AwsError internalError() {
        return new AwsError(500, "InternalError", "We encountered an internal error. Please try again.");
    }
}
