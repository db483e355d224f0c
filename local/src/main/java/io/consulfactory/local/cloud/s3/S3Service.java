package io.consulfactory.local.cloud.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consulfactory.local.cloud.AwsError;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.Protocol;
import io.consulfactory.local.cloud.RestService;
import io.consulfactory.local.cloud.Xml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Amazon S3 (REST-XML, signing name {@code s3}): CreateBucket, HeadBucket, DeleteBucket, ListBuckets,
 * GetBucketLocation, Put/GetBucketVersioning, Put/Get/DeleteBucketEncryption, Put/Get/DeletePublicAccessBlock,
 * Put/Get/DeleteBucketPolicy, Put/GetBucketLifecycleConfiguration and DeleteBucketLifecycle (expiry applied on the
 * local clock: {@link Lifecycle}), PutObject, GetObject, HeadObject, DeleteObject, DeleteObjects, ListObjectsV2,
 * ListObjectVersions, CopyObject. The doorway only: {@link S3Wire} reads and writes the wire, {@link Buckets} and
 * {@link Bucket} hold the state and its rules, {@link S3Errors} names the errors, {@link S3Signatures} and
 * {@link AwsChunked} check what the SDKs sign and decode what they stream.
 *
 * <p>Simplifications (said again where they apply): no IAM or bucket policy is evaluated: a bucket policy is
 * validated as JSON and stored, never enforced, and in particular its {@code aws:SecureTransport} denial is not:
 * the local endpoint is plain HTTP, so every request would be "insecure". No real encryption (objects are kept in
 * memory as sent; SSE-S3 is reported). No multipart uploads, ACLs, object tags, object lock, presigned URLs or
 * ListObjects (v1): they answer {@code NotImplemented}. ListObjectVersions returns every version under the prefix
 * in one page. Requests signed with an access key registered with {@link LocalAws#registerCredentials} have their
 * SigV4 signature checked, chunk by chunk for signed streaming uploads ({@link #verifiesSignatures()}).
 */
public final class S3Service implements RestService {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AES256 = "AES256";

    private final LocalAws aws;
    private final Buckets buckets = new Buckets();

    public S3Service(LocalAws aws) {
        this.aws = aws;
    }

    @Override
    public String signingName() {
        return "s3";
    }

    @Override
    public Protocol protocol() {
        return Protocol.REST_XML;
    }

    @Override
    public String xmlNamespace() {
        return S3Wire.NAMESPACE;
    }

    /** The servers' snapshots go up with their node role's keys: those are checked when registered. */
    @Override
    public boolean verifiesSignatures() {
        return true;
    }

    @Override
    public void reset() {
        buckets.reset();
    }

    @Override
    public void advanceTo(Instant now) {
        buckets.advanceTo(now);
    }

    // ---- the Java API for local code (the Consul model's snapshots, the local workflow's stack bucket)

    /** Creates a bucket in {@link LocalAws#DEFAULT_REGION}, as {@code CreateBucket} would (an existing one is kept). */
    public Bucket createBucket(String name) {
        synchronized (aws) {
            return buckets.create(name, LocalAws.DEFAULT_REGION, null, aws.now());
        }
    }

    public Optional<Bucket> bucket(String name) {
        synchronized (aws) {
            return buckets.find(name);
        }
    }

    /**
     * Puts an object as PutObject would.
     *
     * @throws AwsError {@code NoSuchBucket} (404) when there is no such bucket
     */
    public ObjectVersion putObject(String bucket, String key, byte[] data) {
        synchronized (aws) {
            return buckets.put(bucket, key, data, null, Map.of(), Map.of(), aws.now());
        }
    }

    /** The current version's bytes, or empty when the bucket or key does not exist (or is a delete marker). */
    public Optional<byte[]> getObject(String bucket, String key) {
        synchronized (aws) {
            return buckets.find(bucket).flatMap(b -> b.current(key)).map(ObjectVersion::bytes);
        }
    }

    /** The keys under a prefix, in S3's order (current versions that are not delete markers); empty for no bucket. */
    public List<String> listKeys(String bucket, String prefix) {
        synchronized (aws) {
            if (buckets.find(bucket).isEmpty()) {
                return List.of();
            }
            return buckets.list(bucket, prefix, null, null, null, Integer.MAX_VALUE).contents().stream()
                    .map(ObjectVersion::key).toList();
        }
    }

    // ---- the wire

    @Override
    public String operation(Request request) {
        String op = S3Wire.operation(request.method(), S3Wire.target(request), S3Wire.query(request.rawQuery()), request);
        return op.equals("DeleteBucketLifecycleConfiguration") ? "DeleteBucketLifecycle" : op;
    }

    @Override
    public Map<String, String> logged(Request request) {
        S3Wire.Target target = S3Wire.target(request);
        Map<String, String> fields = new LinkedHashMap<>();
        if (target.bucket() != null) {
            fields.put("Bucket", target.bucket());
        }
        if (target.key() != null) {
            fields.put("Key", target.key());
        }
        S3Wire.query(request.rawQuery()).forEach((k, v) -> {
            if (!v.isEmpty()) {
                fields.put(k, v);
            }
        });
        return fields;
    }

    @Override
    public Response error(Request request, AwsError error) {
        S3Wire.Target target;
        try {
            target = S3Wire.target(request);
        } catch (RuntimeException e) {
            target = new S3Wire.Target(null, null);
        }
        Xml body = Xml.node("Error", Xml.el("Code", error.code()), Xml.el("Message", error.getMessage()),
                Xml.el("BucketName", error.code().equals("NoSuchBucket") || error.code().startsWith("Bucket")
                        ? target.bucket() : null),
                Xml.el("Key", error.code().equals("NoSuchKey") ? target.key() : null),
                Xml.el("RequestId", request.requestId()), Xml.el("HostId", hostId(request)));
        return new Response(error.status(), headers(request, "application/xml"),
                body.render().getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> headers(Request request, String contentType) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-amz-request-id", request.requestId());
        headers.put("x-amz-id-2", hostId(request));
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return headers;
    }

    private static String hostId(Request request) {
        return Base64.getEncoder().encodeToString(request.requestId().getBytes(StandardCharsets.UTF_8));
    }

    private Response ok(Request request, Xml document) {
        return new Response(200, headers(request, "application/xml"), S3Wire.document(document));
    }

    private Response empty(Request request, int status) {
        return new Response(status, headers(request, null), new byte[0]);
    }

    @Override
    public Response serve(Request request, String operation) {
        S3Signatures.Seed seed = S3Signatures.verify(request);
        S3Wire.Target target = S3Wire.target(request);
        Map<String, String> query = S3Wire.query(request.rawQuery());
        Instant now = aws.now();
        String name = target.bucket();
        return switch (operation) {
            case "ListBuckets" -> listBuckets(request);
            case "CreateBucket" -> {
                Bucket b = buckets.create(name, request.region(), S3Wire.locationConstraint(request.body()), now);
                Response r = empty(request, 200);
                r.headers().put("Location", "/" + b.name);
                yield r;
            }
            case "HeadBucket" -> {
                Bucket b = buckets.require(name);
                Response r = empty(request, 200);
                r.headers().put("x-amz-bucket-region", b.region);
                yield r;
            }
            case "DeleteBucket" -> {
                buckets.delete(name);
                yield empty(request, 204);
            }
            case "GetBucketLocation" -> {
                Bucket b = buckets.require(name);
                // "Buckets in Region us-east-1 have a LocationConstraint of null."
                yield ok(request, Xml.el("LocationConstraint", "us-east-1".equals(b.region) ? "" : b.region));
            }
            case "PutBucketVersioning" -> {
                Bucket b = buckets.require(name);
                b.versioning = S3Wire.versioning(payload(request, seed).data());
                yield empty(request, 200);
            }
            case "GetBucketVersioning" -> {
                Bucket b = buckets.require(name);
                yield ok(request, Xml.node("VersioningConfiguration", Xml.el("Status", b.versioning == null ? null
                        : b.versioning == Bucket.Versioning.ENABLED ? "Enabled" : "Suspended")));
            }
            case "PutBucketEncryption" -> {
                Bucket b = buckets.require(name);
                b.encryptionXml = S3Wire.encryption(payload(request, seed).data());
                yield empty(request, 200);
            }
            case "GetBucketEncryption" -> {
                Bucket b = buckets.require(name);
                // "All Amazon S3 buckets have encryption configured by default" (SSE-S3) since January 2023.
                yield b.encryptionXml != null ? stored(request, b.encryptionXml) : ok(request,
                        Xml.node("ServerSideEncryptionConfiguration", Xml.node("Rule",
                                Xml.node("ApplyServerSideEncryptionByDefault", Xml.el("SSEAlgorithm", AES256)),
                                Xml.el("BucketKeyEnabled", false))));
            }
            case "DeleteBucketEncryption" -> {
                buckets.require(name).encryptionXml = null;
                yield empty(request, 204);
            }
            case "PutPublicAccessBlock" -> {
                Bucket b = buckets.require(name);
                b.publicAccessBlockXml = S3Wire.publicAccessBlock(payload(request, seed).data());
                yield empty(request, 200);
            }
            case "GetPublicAccessBlock" -> {
                Bucket b = buckets.require(name);
                if (b.publicAccessBlockXml == null) {
                    throw S3Errors.noSuchPublicAccessBlock();
                }
                yield stored(request, b.publicAccessBlockXml);
            }
            case "DeletePublicAccessBlock" -> {
                buckets.require(name).publicAccessBlockXml = null;
                yield empty(request, 204);
            }
            case "PutBucketPolicy" -> {
                Bucket b = buckets.require(name);
                b.policy = policy(payload(request, seed).data());
                yield empty(request, 204);
            }
            case "GetBucketPolicy" -> {
                Bucket b = buckets.require(name);
                if (b.policy == null) {
                    throw S3Errors.noSuchBucketPolicy();
                }
                yield new Response(200, headers(request, "application/json"), b.policy.getBytes(StandardCharsets.UTF_8));
            }
            case "DeleteBucketPolicy" -> {
                buckets.require(name).policy = null;
                yield empty(request, 204);
            }
            case "PutBucketLifecycleConfiguration" -> {
                Bucket b = buckets.require(name);
                b.lifecycle = S3Wire.lifecycle(payload(request, seed).data());
                yield empty(request, 200);
            }
            case "GetBucketLifecycleConfiguration" -> {
                Bucket b = buckets.require(name);
                if (b.lifecycle == null) {
                    throw S3Errors.noSuchLifecycleConfiguration();
                }
                yield stored(request, b.lifecycle.xml());
            }
            case "DeleteBucketLifecycle" -> {
                buckets.require(name).lifecycle = null;
                yield empty(request, 204);
            }
            case "PutObject" -> putObject(request, seed, target, now);
            case "GetObject", "HeadObject" -> getObject(request, target, query, operation.equals("HeadObject"));
            case "DeleteObject" -> {
                Buckets.Deleted d = buckets.delete(name, target.key(), query.get("versionId"), now);
                Response r = empty(request, 204);
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

    private Response stored(Request request, String xml) {
        return new Response(200, headers(request, "application/xml"), S3Wire.stored(xml));
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
        return ok(request, Xml.node("ListAllMyBucketsResult",
                Xml.node("Owner", Xml.el("ID", owner()), Xml.el("DisplayName", "local")), Xml.node("Buckets", items)));
    }

    private static String owner() {
        return "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a";
    }

    private Response putObject(Request request, S3Signatures.Seed seed, S3Wire.Target target, Instant now) {
        Bucket bucket = buckets.require(target.bucket());
        if (request.header("content-length") == null && request.header("transfer-encoding") == null) {
            throw S3Errors.missingContentLength();
        }
        Payload payload = payload(request, seed);
        // Conditional writes: "If-None-Match: *" puts only when no object has the key (user guide, "conditional writes").
        if ("*".equals(request.header("if-none-match")) && bucket.current(target.key()).isPresent()) {
            throw S3Errors.preconditionFailed();
        }
        ObjectVersion v = buckets.put(target.bucket(), target.key(), payload.data(), request.header("content-type"),
                S3Wire.metadata(request), payload.checksums(), now);
        Response r = empty(request, 200);
        r.headers().put("ETag", v.etag());
        r.headers().put("x-amz-server-side-encryption", AES256);
        if (bucket.versioning != null) {
            r.headers().put("x-amz-version-id", v.versionId());
        }
        v.checksums().forEach((algorithm, value) -> r.headers().put("x-amz-checksum-" + algorithm.toLowerCase(), value));
        return r;
    }

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private Response getObject(Request request, S3Wire.Target target, Map<String, String> query, boolean head) {
        Bucket bucket = buckets.require(target.bucket());
        ObjectVersion v = buckets.get(target.bucket(), target.key(), query.get("versionId"));
        String ifMatch = request.header("if-match");
        if (ifMatch != null && !ifMatch.equals("*") && !ifMatch.equals(v.etag()) && !("\"" + ifMatch + "\"").equals(v.etag())) {
            throw S3Errors.preconditionFailed();
        }
        byte[] data = v.data();
        int status = 200;
        Response r = new Response(200, headers(request, v.contentType()), new byte[0]);
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
                data = java.util.Arrays.copyOfRange(data, (int) first, (int) last + 1);
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
        return ok(request, Xml.node("DeleteResult", results));
    }

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
        return ok(request, Xml.node("ListBucketResult", children));
    }

    private Response listObjectVersions(Request request, String name, Map<String, String> query) {
        Bucket bucket = buckets.require(name);
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
        for (Map.Entry<String, List<ObjectVersion>> e : bucket.objects.entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                continue;
            }
            List<ObjectVersion> versions = e.getValue();
            for (int i = versions.size() - 1; i >= 0; i--) { // newest first, as S3 lists them
                ObjectVersion v = versions.get(i);
                boolean latest = i == versions.size() - 1;
                children.add(v.deleteMarker()
                        ? Xml.node("DeleteMarker", Xml.el("Key", S3Wire.encoded(v.key(), url)), Xml.el("VersionId", v.versionId()),
                                Xml.el("IsLatest", latest), Xml.el("LastModified", S3Wire.iso(v.lastModified())))
                        : Xml.node("Version", Xml.el("Key", S3Wire.encoded(v.key(), url)), Xml.el("VersionId", v.versionId()),
                                Xml.el("IsLatest", latest), Xml.el("LastModified", S3Wire.iso(v.lastModified())),
                                Xml.el("ETag", v.etag()), Xml.el("Size", v.size()), Xml.el("StorageClass", "STANDARD")));
            }
        }
        return ok(request, Xml.node("ListVersionsResult", children));
    }

    /**
     * CopyObject: {@code x-amz-copy-source} is {@code [/]<bucket>/<key>[?versionId=<id>]}, URL-encoded; metadata is
     * copied unless {@code x-amz-metadata-directive: REPLACE}. "You can't copy an object to itself unless the
     * request changes its metadata" (the reference's InvalidRequest).
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
        source = io.consulfactory.local.cloud.SigV4.decode(source);
        if (source.startsWith("/")) {
            source = source.substring(1);
        }
        int slash = source.indexOf('/');
        if (slash <= 0 || slash == source.length() - 1) {
            throw S3Errors.invalidArgument("Invalid copy source object key");
        }
        String sourceBucket = source.substring(0, slash);
        String sourceKey = source.substring(slash + 1);
        ObjectVersion from = buckets.get(sourceBucket, sourceKey, versionId);
        boolean replace = "REPLACE".equalsIgnoreCase(request.header("x-amz-metadata-directive"));
        if (sourceBucket.equals(target.bucket()) && sourceKey.equals(target.key()) && !replace) {
            throw S3Errors.invalidRequest("This copy request is illegal because it is trying to copy an object to itself"
                    + " without changing the object's metadata, storage class, website redirect location or encryption attributes.");
        }
        ObjectVersion copy = buckets.put(target.bucket(), target.key(), from.data(),
                replace ? request.header("content-type") : from.contentType(),
                replace ? S3Wire.metadata(request) : from.metadata(), from.checksums(), now);
        Response r = new Response(200, headers(request, "application/xml"), S3Wire.document(Xml.node("CopyObjectResult",
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
