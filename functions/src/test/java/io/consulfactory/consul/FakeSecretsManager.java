package io.consulfactory.consul;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

import static io.consulfactory.consul.FakeSigV4.hex;
import static io.consulfactory.consul.FakeSigV4.sha256;

/**
 * AWS Secrets Manager's GetSecretValue as the helper calls it: JSON 1.1 ({@code POST /},
 * {@code X-Amz-Target: secretsmanager.GetSecretValue}), signed with Signature Version 4 by the instance role's
 * temporary credentials, which this fake checks as AWS does: the access key, the session token, the scope
 * (date/region/secretsmanager/aws4_request), the time (15 minutes either way) and the signature over the
 * signed headers and the payload (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html).
 * Errors use the service's codes and its JSON error shape ({@code __type}, {@code message}),
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html#API_GetSecretValue_Errors.
 */
final class FakeSecretsManager implements AutoCloseable {

    record Failure(int status, String code, String message) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String region;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final String sessionToken;
    private final Map<String, String> secrets = new HashMap<>();
    private final Map<String, Failure> failures = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private int throttleFirst;

    FakeSecretsManager(String region, String accessKeyId, String secretAccessKey, String sessionToken) throws IOException {
        this.region = region;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.sessionToken = sessionToken;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized FakeSecretsManager secret(String name, String secretString) {
        secrets.put(name, secretString);
        return this;
    }

    /** GetSecretValue of {@code name} fails so from now on. */
    synchronized FakeSecretsManager failing(String name, int status, String code, String message) {
        failures.put(name, new Failure(status, code, message));
        return this;
    }

    /** The next {@code calls} calls get ThrottlingException (HTTP 400, as AWS's JSON protocols answer it). */
    synchronized FakeSecretsManager throttlingFirst(int calls) {
        throttleFirst = calls;
        return this;
    }

    /** "<target> <SecretId>" of every call that passed the signature check, or "<target> refused: <code>". */
    synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String refused = refusal(exchange, body, target);
        if (refused != null) {
            calls.add(target + " refused: " + refused.substring(0, refused.indexOf(':')));
            error(exchange, 400, refused.substring(0, refused.indexOf(':')),
                    refused.substring(refused.indexOf(':') + 2));
            return;
        }
        JsonNode request = JSON.readTree(body);
        String id = request.path("SecretId").asText();
        calls.add(target + " " + id);
        if (throttleFirst > 0) {
            throttleFirst--;
            error(exchange, 400, "ThrottlingException", "Rate exceeded");
            return;
        }
        Failure failure = failures.get(id);
        if (failure != null) {
            error(exchange, failure.status(), failure.code(), failure.message());
            return;
        }
        String value = secrets.get(id);
        if (value == null) {
            error(exchange, 400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
            return;
        }
        byte[] out = JSON.writeValueAsBytes(JSON.createObjectNode()
                .put("ARN", "arn:aws:secretsmanager:" + region + ":123456789012:secret:" + id + "-a1B2c3")
                .put("Name", id).put("VersionId", "7c9e6679-7425-40de-944b-e07fc1f90ae7").put("SecretString", value)
                .put("CreatedDate", 1.767603e9).set("VersionStages", JSON.createArrayNode().add("AWSCURRENT")));
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(200, out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    /** Why AWS would refuse the request before looking at it ("Code: message"), or null. */
    private String refusal(HttpExchange exchange, byte[] body, String target) {
        var headers = exchange.getRequestHeaders();
        if (!exchange.getRequestMethod().equals("POST") || !"secretsmanager.GetSecretValue".equals(target)) {
            return "UnknownOperationException: only POST / with X-Amz-Target secretsmanager.GetSecretValue here";
        }
        if (!"application/x-amz-json-1.1".equals(headers.getFirst("Content-Type"))) {
            return "UnknownOperationException: Content-Type must be application/x-amz-json-1.1";
        }
        Matcher auth = FakeSigV4.AUTHORIZATION.matcher(String.valueOf(headers.getFirst("Authorization")));
        if (!auth.matches()) {
            return "IncompleteSignatureException: Authorization header requires a Credential, SignedHeaders and Signature";
        }
        if (!auth.group(1).equals(accessKeyId)) {
            return "UnrecognizedClientException: The security token included in the request is invalid.";
        }
        if (!sessionToken.equals(headers.getFirst("X-Amz-Security-Token"))) {
            return "UnrecognizedClientException: The security token included in the request is invalid.";
        }
        String amzDate = String.valueOf(headers.getFirst("X-Amz-Date"));
        Instant when;
        try {
            when = Instant.from(FakeSigV4.AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            return "IncompleteSignatureException: X-Amz-Date is not yyyyMMdd'T'HHmmss'Z'";
        }
        if (Duration.between(when, Instant.now()).abs().compareTo(Duration.ofMinutes(15)) > 0) {
            return "InvalidSignatureException: Signature expired";
        }
        if (!auth.group(2).equals(amzDate.substring(0, 8)) || !auth.group(3).equals(region) || !auth.group(4).equals("secretsmanager")) {
            return "InvalidSignatureException: Credential should be scoped to a valid region and service secretsmanager";
        }
        List<String> signed = FakeSigV4.signed(auth);
        if (!signed.contains("host") || !signed.contains("x-amz-date") || !signed.contains("x-amz-security-token")) {
            return "InvalidSignatureException: host, x-amz-date and x-amz-security-token must be signed";
        }
        String missing = FakeSigV4.missingSignedHeader(headers, auth);
        if (missing != null) {
            return "InvalidSignatureException: signed header " + missing + " is missing";
        }
        if (!FakeSigV4.signatureMatches("POST", "/", headers, auth, hex(sha256(body)), amzDate, secretAccessKey)) {
            return "InvalidSignatureException: The request signature we calculated does not match the signature you provided.";
        }
        return null;
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        byte[] out = JSON.writeValueAsBytes(JSON.createObjectNode().put("__type", code).put("message", message));
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().set("x-amzn-ErrorType", code);
        exchange.sendResponseHeaders(status, out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }
}
