/**
 * Amazon S3 (REST-XML, signing name {@code s3}, https://docs.aws.amazon.com/AmazonS3/latest/API/): CreateBucket,
 * HeadBucket, DeleteBucket, ListBuckets, GetBucketLocation, Put/GetBucketVersioning, Put/Get/DeleteBucketEncryption,
 * Put/Get/DeletePublicAccessBlock, Put/Get/DeleteBucketPolicy, Put/GetBucketLifecycleConfiguration and
 * DeleteBucketLifecycle (expiry applied on the local clock), PutObject, GetObject, HeadObject, DeleteObject,
 * DeleteObjects, ListObjectsV2, ListObjectVersions, CopyObject, behind the doorway
 * {@link io.consulfactory.local.cloud.s3.S3Service}.
 *
 * <p>State: {@link io.consulfactory.local.cloud.s3.Buckets} (the account's buckets, naming, creation per Region,
 * listing), {@link io.consulfactory.local.cloud.s3.Bucket} (settings, objects and versioning),
 * {@link io.consulfactory.local.cloud.s3.ObjectVersion}, {@link io.consulfactory.local.cloud.s3.Lifecycle} (expiry
 * on the clock), {@link io.consulfactory.local.cloud.s3.Checksums} (ETags and integrity checks); and, on plain
 * values the wire hands them, {@link io.consulfactory.local.cloud.s3.S3Signatures} (SigV4 as S3 takes it),
 * {@link io.consulfactory.local.cloud.s3.AwsChunked} (the aws-chunked body decoded, chunk signatures checked) and
 * {@link io.consulfactory.local.cloud.s3.ContinuationToken} (ListObjectsV2's opaque token).
 * <br>Wire: {@link io.consulfactory.local.cloud.s3.S3Wire} (addressing, operation names, headers and XML bodies
 * read, documents and errors rendered), {@link io.consulfactory.local.cloud.s3.S3OperationsWire} (each operation
 * served).
 * <br>Errors: {@link io.consulfactory.local.cloud.s3.S3Errors}.
 *
 * <p>Simplifications (said again where they apply): no IAM or bucket policy is evaluated: a bucket policy is
 * validated as JSON and stored, never enforced, and in particular its {@code aws:SecureTransport} denial is not:
 * the local endpoint is plain HTTP, so every request would be "insecure". No real encryption (objects are kept in
 * memory as sent; SSE-S3 is reported). No multipart uploads, ACLs, object tags, object lock, presigned URLs or
 * ListObjects (v1): they answer {@code NotImplemented}. ListObjectVersions returns every version under the prefix
 * in one page. Requests signed with an access key registered with
 * {@link io.consulfactory.local.cloud.LocalAws#registerCredentials} have their SigV4 signature checked, chunk by
 * chunk for signed streaming uploads.
 */
package io.consulfactory.local.cloud.s3;
