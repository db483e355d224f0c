package io.consulfactory.local.cloud.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consulfactory.local.cloud.AwsError;
import io.consulfactory.local.cloud.RestService.Request;
import io.consulfactory.local.cloud.RestService.Response;
import io.consulfactory.local.cloud.SigV4;
import io.consulfactory.local.cloud.Xml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * S3's operations on the wire: for each one, the members read from the request (with {@link S3Wire}'s addressing
 * and parsers), the state called with them ({@link Buckets}, {@link Bucket}), and the answer rendered as the
 * operation's "Response Syntax" gives it
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html).
 * The payload of the operations that carry one is decoded ({@link AwsChunked}) and checked ({@link Checksums}) here.
 */
final class S3OperationsWire {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AES256 = "AES256";

    private final Buckets buckets;

    S3OperationsWire(Buckets buckets) {
        this.buckets = buckets;
    }

    /** Serves the operation {@link S3Wire#operation} named: throws {@link AwsError} to answer an error. */
    Response serve(Request request, String operation, Instant now) {
        S3Signatures.Seed seed = S3Wire.verify(request);
        S3Wire.Target target = S3Wire.target(request);
        Map<String, String> query = S3Wire.query(request.rawQuery());
        String name = target.bucket();
        return switch (operation) {
            case "ListBuckets" -> listBuckets(request);
            case "CreateBucket" -> {
                Bucket b = buckets.create(name, request.region(), S3Wire.locationConstraint(request.body()), now);
                Response r = S3Wire.empty(request, 200);
                r.headers().put("Location", "/" + b.name);
                yield r;
            }
            case "HeadBucket" -> {
                Bucket b = buckets.require(name);
                Response r = S3Wire.empty(request, 200);
                r.headers().put("x-amz-bucket-region", b.region);
                yield r;
            }
            case "DeleteBucket" -> {
                buckets.delete(name);
                yield S3Wire.empty(request, 204);
            }
            case "GetBucketLocation" -> {
                Bucket b = buckets.require(name);
                // "Buckets in Region us-east-1 have a LocationConstraint of null."
                yield S3Wire.ok(request, Xml.el("LocationConstraint", "us-east-1".equals(b.region) ? "" : b.region));
            }
            case "PutBucketVersioning" -> {
                Bucket b = buckets.require(name);
                b.versioning = S3Wire.versioning(payload(request, seed).data());
                yield S3Wire.empty(request, 200);
            }
            case "GetBucketVersioning" -> {
                Bucket b = buckets.require(name);
                yield S3Wire.ok(request, Xml.node("VersioningConfiguration", Xml.el("Status", b.versioning == null ? null
                        : b.versioning == Bucket.Versioning.ENABLED ? "Enabled" : "Suspended")));
            }
            case "PutBucketEncryption" -> {
                Bucket b = buckets.require(name);
                b.encryptionXml = S3Wire.encryption(payload(request, seed).data());
                yield S3Wire.empty(request, 200);
            }
            case "GetBucketEncryption" -> {
                Bucket b = buckets.require(name);
                // "All Amazon S3 buckets have encryption configured by default" (SSE-S3) since January 2023.
                yield b.encryptionXml != null ? S3Wire.stored(request, b.encryptionXml) : S3Wire.ok(request,
                        Xml.node("ServerSideEncryptionConfiguration", Xml.node("Rule",
                                Xml.node("ApplyServerSideEncryptionByDefault", Xml.el("SSEAlgorithm", AES256)),
                                Xml.el("BucketKeyEnabled", false))));
            }
            case "DeleteBucketEncryption" -> {
                buckets.require(name).encryptionXml = null;
                yield S3Wire.empty(request, 204);
            }
            case "PutPublicAccessBlock" -> {
                Bucket b = buckets.require(name);
                b.publicAccessBlockXml = S3Wire.publicAccessBlock(payload(request, seed).data());
                yield S3Wire.empty(request, 200);
            }
            case "GetPublicAccessBlock" -> {
                Bucket b = buckets.require(name);
                if (b.publicAccessBlockXml == null) {
                    throw S3Errors.noSuchPublicAccessBlock();
                }
                yield S3Wire.stored(request, b.publicAccessBlockXml);
            }
            case "DeletePublicAccessBlock" -> {
                buckets.require(name).publicAccessBlockXml = null;
                yield S3Wire.empty(request, 204);
            }
            case "PutBucketPolicy" -> {
                Bucket b = buckets.require(name);
                b.policy = policy(payload(request, seed).data());
                yield S3Wire.empty(request, 204);
            }
            case "GetBucketPolicy" -> {
                Bucket b = buckets.require(name);
                if (b.policy == null) {
                    throw S3Errors.noSuchBucketPolicy();
                }
                yield new Response(200, S3Wire.headers(request, "application/json"), b.policy.getBytes(StandardCharsets.UTF_8));
            }
            case "DeleteBucketPolicy" -> {
                buckets.require(name).policy = null;
                yield S3Wire.empty(request, 204);
            }
            case "PutBucketLifecycleConfiguration" -> {
                Bucket b = buckets.require(name);
                b.lifecycle = S3Wire.lifecycle(payload(request, seed).data());
                yield S3Wire.empty(request, 200);
            }
            case "GetBucketLifecycleConfiguration" -> {
                Bucket b = buckets.require(name);
                if (b.lifecycle == null) {
                    throw S3Errors.noSuchLifecycleConfiguration();
                }
                yield S3Wire.stored(request, b.lifecycle.xml());
            }
            case "DeleteBucketLifecycle" -> {
                buckets.require(name).lifecycle = null;
                yield S3Wire.empty(request, 204);
            }
            case "PutObject" -> putObject(request, seed, target, now);
            case "GetObject", "HeadObject" -> getObject(request, target, query, operation.equals("HeadObject"));
            case "DeleteObject" -> {
                Buckets.Deleted d = buckets.delete(name, target.key(), query.get("versionId"), now);
                Response r = S3Wire.empty(request, 204);
                if (d.deleteMarker()) {
                    r.headers().put("x-amz-delete-marker", "true");
                }
                if (d.versionId() != null) {
                    r.headers().put("x-amz-version-id", d.versionId());
                }
                yield r;
            }
            case "DeleteObjects" -> deleteObjects(request, seed, name, now);
            case "ListObjectsV2" -> listObjectsV2(request, name, query);
            case "ListObjectVersions" -> listObjectVersions(request, name, query);
            case "CopyObject" -> copyObject(request, target, now);
            case "ListObjects" -> throw S3Errors.notImplemented("ListObjects (version 1): use ListObjectsV2");
            default -> throw S3Errors.notImplemented(request.method() + " " + request.rawPath()
                    + (request.rawQuery() == null ? "" : "?" + request.rawQuery()));
        };
    }

    /**
     * The request's payload: decoded from aws-chunked when streamed, checked against {@code Content-MD5} and the
     * {@code x-amz-checksum-*} values (headers or trailers) when given.
     */
    private static Payload payload(Request request, S3Signatures.Seed seed) {
        String contentSha256 = request.header("x-amz-content-sha256");
        byte[] data = request.body();
        Map<String, String> given = new LinkedHashMap<>(S3Wire.checksumHeaders(request));
        if (AwsChunked.streaming(contentSha256)) {
            AwsChunked chunked = AwsChunked.decode(data, contentSha256, seed, request.header("x-amz-decoded-content-length"));
            data = chunked.data();
            chunked.trailers().forEach((k, v) -> {
                if (k.startsWith("x-amz-checksum-")) {
                    given.put(k, v);
                }
            });
        }
        Checksums.checkContentMd5(request.header("content-md5"), data);
        return new Payload(data, Checksums.check(given, data), request.header("content-md5") != null || !given.isEmpty());
    }

    /** @param integrity whether the request carried Content-MD5 or a checksum */
    private record Payload(byte[] data, Map<String, String> checksums, boolean integrity) {
    }

    /** PutBucketPolicy: "Policies must be valid JSON and the first byte must be '{'"; a Statement is required. */
    private static String policy(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (!text.stripLeading().startsWith("{")) {
            throw S3Errors.malformedPolicy("Policies must be valid JSON and the first byte must be '{'");
        }
        JsonNode policy;
        try {
            policy = JSON.readTree(text);
        } catch (IOException e) {
            throw S3Errors.malformedPolicy("This policy contains invalid Json");
        }
        if (!policy.has("Statement")) {
            throw S3Errors.malformedPolicy("Missing required field Statement");
        }
        return text;
    }

    private Response listBuckets(Request request) {
        List<Xml> items = new ArrayList<>();
        for (Bucket b : buckets.all()) {
            items.add(Xml.node("Bucket", Xml.el("Name", b.name), Xml.el("CreationDate", S3Wire.iso(b.created)),
                    Xml.el("BucketRegion", b.region)));
        }
        return S3Wire.ok(request, Xml.node("ListAllMyBucketsResult",
                Xml.node("Owner", Xml.el("ID", owner()), Xml.el("DisplayName", "local")), Xml.node("Buckets", items)));
    }

    private static String owner() {
        return "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a";
    }

    /** PutObject, with If-None-Match: * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html). */
    private Response putObject(Request request, S3Signatures.Seed seed, S3Wire.Target target, Instant now) {
        Bucket bucket = buckets.require(target.bucket());
        if (request.header("content-length") == null && request.header("transfer-encoding") == null) {
            throw S3Errors.missingContentLength();
        }
        Payload payload = payload(request, seed);
        if ("*".equals(request.header("if-none-match"))) {
            buckets.requireNoObject(target.bucket(), target.key());
        }
        ObjectVersion v = buckets.put(target.bucket(), target.key(), payload.data(), request.header("content-type"),
                S3Wire.metadata(request), payload.checksums(), now);
        Response r = S3Wire.empty(request, 200);
        r.headers().put("ETag", v.etag());
        r.headers().put("x-amz-server-side-encryption", AES256);
        if (bucket.versioning != null) {
            r.headers().put("x-amz-version-id", v.versionId());
        }
        v.checksums().forEach((algorithm, value) -> r.headers().put("x-amz-checksum-" + algorithm.toLowerCase(), value));
        return r;
    }

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    /**
     * GetObject and HeadObject, with If-Match and a single byte range
     * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html).
     */
    private Response getObject(Request request, S3Wire.Target target, Map<String, String> query, boolean head) {
        Bucket bucket = buckets.require(target.bucket());
        ObjectVersion v = buckets.get(target.bucket(), target.key(), query.get("versionId"));
        String ifMatch = request.header("if-match");
        if (ifMatch != null && !v.etagMatches(ifMatch)) {
            throw S3Errors.preconditionFailed();
        }
        byte[] data = v.data();
        int status = 200;
        Response r = new Response(200, S3Wire.headers(request, v.contentType()), new byte[0]);
        String range = request.header("range");
        if (range != null) {
            Matcher m = RANGE.matcher(range.trim());
            if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
                long first;
                long last;
                if (m.group(1).isEmpty()) { // the last n bytes
                    first = Math.max(0, data.length - Long.parseLong(m.group(2)));
                    last = data.length - 1;
                } else {
                    first = Long.parseLong(m.group(1));
                    last = m.group(2).isEmpty() ? data.length - 1 : Math.min(Long.parseLong(m.group(2)), data.length - 1);
                }
                if (first >= data.length || first > last) {
                    throw S3Errors.invalidRange();
                }
                r.headers().put("Content-Range", "bytes " + first + "-" + last + "/" + data.length);
                data = Arrays.copyOfRange(data, (int) first, (int) last + 1);
                status = 206;
            }
        }
        r.headers().put("ETag", v.etag());
        r.headers().put("Last-Modified", S3Wire.httpDate(v.lastModified()));
        r.headers().put("Accept-Ranges", "bytes");
        r.headers().put("x-amz-server-side-encryption", AES256);
        if (bucket.versioning != null) {
            r.headers().put("x-amz-version-id", v.versionId());
        }
        v.metadata().forEach((k, value) -> r.headers().put("x-amz-meta-" + k, value));
        // Checksums come back only when asked for ("x-amz-checksum-mode: ENABLED"), and only for the whole object.
        if ("ENABLED".equalsIgnoreCase(request.header("x-amz-checksum-mode")) && status == 200) {
            v.checksums().forEach((algorithm, value) -> r.headers().put("x-amz-checksum-" + algorithm.toLowerCase(), value));
            if (!v.checksums().isEmpty()) {
                r.headers().put("x-amz-checksum-type", "FULL_OBJECT");
            }
        }
        if (head) {
            r.headers().put("Content-Length", String.valueOf(data.length));
            return new Response(status, r.headers(), new byte[0]);
        }
        return new Response(status, r.headers(), data.clone());
    }

    /**
     * DeleteObjects: one answer per key, an error for each key that could not be deleted
     * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html).
     */
    private Response deleteObjects(Request request, S3Signatures.Seed seed, String name, Instant now) {
        buckets.require(name);
        Payload payload = payload(request, seed);
        if (!payload.integrity()) {
            throw S3Errors.missingContentMd5();
        }
        S3Wire.DeleteRequest delete = S3Wire.deleteRequest(payload.data());
        List<Xml> results = new ArrayList<>();
        for (S3Wire.ToDelete o : delete.objects()) {
            try {
                Buckets.Deleted d = buckets.delete(name, o.key(), o.versionId(), now);
                if (!delete.quiet()) {
                    results.add(Xml.node("Deleted", Xml.el("Key", d.key()), Xml.el("VersionId", o.versionId()),
                            d.deleteMarker() ? Xml.el("DeleteMarker", true) : null,
                            d.deleteMarker() ? Xml.el("DeleteMarkerVersionId", d.versionId()) : null));
                }
            } catch (AwsError e) {
                results.add(Xml.node("Error", Xml.el("Key", o.key()), Xml.el("VersionId", o.versionId()),
                        Xml.el("Code", e.code()), Xml.el("Message", e.getMessage())));
            }
        }
        return S3Wire.ok(request, Xml.node("DeleteResult", results));
    }

    /**
     * ListObjectsV2: up to 1,000 keys a page, the next page named by an opaque continuation token
     * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html); the paging: {@link Buckets#list}.
     */
    private Response listObjectsV2(Request request, String name, Map<String, String> query) {
        buckets.require(name);
        boolean url = "url".equals(query.get("encoding-type"));
        if (query.containsKey("encoding-type") && !url) {
            throw S3Errors.invalidArgument("Invalid Encoding Method specified in Request");
        }
        int maxKeys = Buckets.MAX_KEYS;
        if (query.containsKey("max-keys")) {
            try {
                maxKeys = Integer.parseInt(query.get("max-keys"));
            } catch (NumberFormatException e) {
                throw S3Errors.invalidArgument("Provided max-keys not an integer or within integer range");
            }
            if (maxKeys < 0) {
                throw S3Errors.invalidArgument("Argument maxKeys must be an integer between 0 and 2147483647");
            }
            maxKeys = Math.min(maxKeys, Buckets.MAX_KEYS);
        }
        String token = query.get("continuation-token");
        String after = null;
        if (token != null) {
            after = ContinuationToken.decode(token, name);
        }
        String prefix = query.get("prefix");
        String delimiter = query.get("delimiter");
        String startAfter = query.get("start-after");
        Buckets.Page page = buckets.list(name, prefix, delimiter, startAfter, after, maxKeys);
        List<Xml> children = new ArrayList<>();
        children.add(Xml.el("Name", name));
        children.add(Xml.el("Prefix", S3Wire.encoded(prefix == null ? "" : prefix, url)));
        children.add(Xml.el("KeyCount", page.contents().size() + page.commonPrefixes().size()));
        children.add(Xml.el("MaxKeys", maxKeys));
        children.add(Xml.el("Delimiter", S3Wire.encoded(delimiter, url)));
        children.add(Xml.el("IsTruncated", page.next() != null));
        children.add(Xml.el("ContinuationToken", token));
        children.add(Xml.el("NextContinuationToken", page.next() == null ? null : ContinuationToken.encode(page.next(), name)));
        children.add(Xml.el("StartAfter", S3Wire.encoded(startAfter, url)));
        children.add(Xml.el("EncodingType", url ? "url" : null));
        page.contents().forEach(v -> children.add(S3Wire.contents(v, url)));
        page.commonPrefixes().forEach(p -> children.add(Xml.node("CommonPrefixes", Xml.el("Prefix", S3Wire.encoded(p, url)))));
        return S3Wire.ok(request, Xml.node("ListBucketResult", children));
    }

    /** ListObjectVersions: every version under the prefix in one page (see {@link Buckets#versions}). */
    private Response listObjectVersions(Request request, String name, Map<String, String> query) {
        buckets.require(name);
        String prefix = query.getOrDefault("prefix", "");
        boolean url = "url".equals(query.get("encoding-type"));
        List<Xml> children = new ArrayList<>();
        children.add(Xml.el("Name", name));
        children.add(Xml.el("Prefix", S3Wire.encoded(prefix, url)));
        children.add(Xml.el("KeyMarker", ""));
        children.add(Xml.el("VersionIdMarker", ""));
        children.add(Xml.el("MaxKeys", Buckets.MAX_KEYS));
        children.add(Xml.el("IsTruncated", false));
        children.add(Xml.el("EncodingType", url ? "url" : null));
        for (Buckets.Listed listed : buckets.versions(name, prefix)) {
            ObjectVersion v = listed.version();
            children.add(v.deleteMarker()
                    ? Xml.node("DeleteMarker", Xml.el("Key", S3Wire.encoded(v.key(), url)), Xml.el("VersionId", v.versionId()),
                            Xml.el("IsLatest", listed.latest()), Xml.el("LastModified", S3Wire.iso(v.lastModified())))
                    : Xml.node("Version", Xml.el("Key", S3Wire.encoded(v.key(), url)), Xml.el("VersionId", v.versionId()),
                            Xml.el("IsLatest", listed.latest()), Xml.el("LastModified", S3Wire.iso(v.lastModified())),
                            Xml.el("ETag", v.etag()), Xml.el("Size", v.size()), Xml.el("StorageClass", "STANDARD")));
        }
        return S3Wire.ok(request, Xml.node("ListVersionsResult", children));
    }

    /**
     * CopyObject: {@code x-amz-copy-source} is {@code [/]<bucket>/<key>[?versionId=<id>]}, URL-encoded
     * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html); the copy itself: {@link Buckets#copy}.
     */
    private Response copyObject(Request request, S3Wire.Target target, Instant now) {
        Bucket destination = buckets.require(target.bucket());
        Buckets.checkKey(target.key());
        String source = request.header("x-amz-copy-source");
        String versionId = null;
        int q = source.indexOf("?versionId=");
        if (q >= 0) {
            versionId = source.substring(q + "?versionId=".length());
            source = source.substring(0, q);
        }
        source = SigV4.decode(source);
        if (source.startsWith("/")) {
            source = source.substring(1);
        }
        int slash = source.indexOf('/');
        if (slash <= 0 || slash == source.length() - 1) {
            throw S3Errors.invalidArgument("Invalid copy source object key");
        }
        String sourceBucket = source.substring(0, slash);
        String sourceKey = source.substring(slash + 1);
        boolean replace = "REPLACE".equalsIgnoreCase(request.header("x-amz-metadata-directive"));
        Buckets.Copied copied = buckets.copy(sourceBucket, sourceKey, versionId, target.bucket(), target.key(), replace,
                request.header("content-type"), S3Wire.metadata(request), now);
        ObjectVersion from = copied.from();
        ObjectVersion copy = copied.copy();
        Response r = new Response(200, S3Wire.headers(request, "application/xml"), S3Wire.document(Xml.node("CopyObjectResult",
                Xml.el("ETag", copy.etag()), Xml.el("LastModified", S3Wire.iso(copy.lastModified())))));
        r.headers().put("x-amz-server-side-encryption", AES256);
        if (destination.versioning != null) {
            r.headers().put("x-amz-version-id", copy.versionId());
        }
        if (buckets.require(sourceBucket).versioning != null) {
            r.headers().put("x-amz-copy-source-version-id", from.versionId());
        }
        return r;
    }
}
