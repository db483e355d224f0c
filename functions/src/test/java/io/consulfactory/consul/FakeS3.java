package io.consulfactory.consul;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

import static io.consulfactory.consul.FakeSigV4.hex;
import static io.consulfactory.consul.FakeSigV4.sha256;

/**
 * Amazon S3's PutObject and GetObject as the helper calls them: path-style ({@code /<bucket>/<key>}), signed with
 * Signature Version 4 by the instance role's temporary credentials for the service {@code s3}, which this fake
 * checks as S3 does (docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html): the access key, the
 * session token, the scope, the time (15 minutes either way), {@code x-amz-content-sha256} equal to the payload's
 * SHA-256 (else XAmzContentSHA256Mismatch) and the signature over the canonical request (else
 * SignatureDoesNotMatch). The node role may put and get objects under its cluster's prefix only; anything else, and
 * a key that does not exist (the role may not list the bucket: S3 then answers 403, not 404,
 * docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html "Permissions"), is AccessDenied. Errors are S3's XML.
 */
final class FakeS3 implements AutoCloseable {


    private final HttpServer server;
    private final String region;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final String sessionToken;
    private final String bucket;
    private final String allowedPrefix;
    private final Map<String, byte[]> objects = new LinkedHashMap<>();
    private final List<String> calls = new ArrayList<>();
    private int failFirst;

    /** @param allowedPrefix the key prefix the node role's policy allows ({@code <cluster>/}) */
    FakeS3(String region, String accessKeyId, String secretAccessKey, String sessionToken, String bucket, String allowedPrefix)
            throws IOException {
        this.region = region;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.sessionToken = sessionToken;
        this.bucket = bucket;
        this.allowedPrefix = allowedPrefix;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized FakeS3 object(String key, byte[] body) {
        objects.put(key, body);
        return this;
    }

    synchronized Map<String, byte[]> objects() {
        return Map.copyOf(objects);
    }

    /** The next {@code calls} calls get 503 SlowDown, as S3 answers when it throttles. */
    synchronized FakeS3 slowDownFirst(int calls) {
        failFirst = calls;
        return this;
    }

    /** "PUT key", "GET key" of every call that passed the signature check, or "<method> refused: <code>". */
    synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String method = exchange.getRequestMethod();
        String rawPath = exchange.getRequestURI().getRawPath();
        String refused = refusal(exchange, method, rawPath, body);
        if (refused != null) {
            String code = refused.substring(0, refused.indexOf(':'));
            calls.add(method + " refused: " + code);
            error(exchange, code.equals("XAmzContentSHA256Mismatch") ? 400 : 403, code, refused.substring(refused.indexOf(':') + 2));
            return;
        }
        String path = exchange.getRequestURI().getPath();
        String key = path.substring(bucket.length() + 2);
        calls.add(method + " " + key);
        if (failFirst > 0) {
            failFirst--;
            error(exchange, 503, "SlowDown", "Please reduce your request rate.");
            return;
        }
        if (!key.startsWith(allowedPrefix) || !(method.equals("PUT") || method.equals("GET"))) {
            error(exchange, 403, "AccessDenied", "User: arn:aws:sts::123456789012:assumed-role/" + ServerSandbox.ROLE
                    + "/i-0abc123def4567890 is not authorized to perform: s3:" + (method.equals("PUT") ? "PutObject" : "GetObject")
                    + " on resource: \"arn:aws:s3:::" + bucket + "/" + key + "\" because no identity-based policy allows the action");
            return;
        }
        if (method.equals("PUT")) {
            objects.put(key, body);
            exchange.getResponseHeaders().set("ETag", "\"" + hex(md5(body)) + "\"");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
            return;
        }
        byte[] object = objects.get(key);
        if (object == null) {
            error(exchange, 403, "AccessDenied", "Access Denied");
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(200, object.length);
        exchange.getResponseBody().write(object);
        exchange.close();
    }

    /** Why S3 would refuse the request before looking at it ("Code: message"), or null. */
    private String refusal(HttpExchange exchange, String method, String rawPath, byte[] body) {
        var headers = exchange.getRequestHeaders();
        if (!rawPath.startsWith("/" + bucket + "/")) {
            return "NoSuchBucket: The specified bucket does not exist";
        }
        Matcher auth = FakeSigV4.AUTHORIZATION.matcher(String.valueOf(headers.getFirst("Authorization")));
        if (!auth.matches()) {
            return "AccessDenied: AWS authentication requires a valid Date or x-amz-date header and a SigV4 Authorization";
        }
        if (!auth.group(1).equals(accessKeyId)) {
            return "InvalidAccessKeyId: The AWS Access Key Id you provided does not exist in our records.";
        }
        if (!sessionToken.equals(headers.getFirst("X-Amz-Security-Token"))) {
            return "InvalidToken: The provided token is malformed or otherwise invalid.";
        }
        String amzDate = String.valueOf(headers.getFirst("X-Amz-Date"));
        Instant when;
        try {
            when = Instant.from(FakeSigV4.AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            return "AccessDenied: X-Amz-Date is not yyyyMMdd'T'HHmmss'Z'";
        }
        if (Duration.between(when, Instant.now()).abs().compareTo(Duration.ofMinutes(15)) > 0) {
            return "RequestTimeTooSkewed: The difference between the request time and the current time is too large.";
        }
        if (!auth.group(2).equals(amzDate.substring(0, 8)) || !auth.group(3).equals(region) || !auth.group(4).equals("s3")) {
            return "AuthorizationHeaderMalformed: The authorization header is malformed; the scope must be <date>/" + region + "/s3";
        }
        String contentSha = headers.getFirst("X-Amz-Content-Sha256");
        if (!hex(sha256(body)).equals(contentSha)) {
            return "XAmzContentSHA256Mismatch: The provided 'x-amz-content-sha256' header does not match what was computed.";
        }
        List<String> signed = FakeSigV4.signed(auth);
        for (String needed : List.of("host", "x-amz-content-sha256", "x-amz-date", "x-amz-security-token")) {
            if (!signed.contains(needed)) {
                return "AccessDenied: " + needed + " must be signed";
            }
        }
        String missing = FakeSigV4.missingSignedHeader(headers, auth);
        if (missing != null) {
            return "AccessDenied: signed header " + missing + " is missing";
        }
        if (!FakeSigV4.signatureMatches(method, rawPath, headers, auth, contentSha, amzDate, secretAccessKey)) {
            return "SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided.";
        }
        return null;
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        byte[] out = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                + "</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    private static byte[] md5(byte[] bytes) {
        return FakeSigV4.digest("MD5", bytes);
    }
}
