package io.consulfactory.local.cloud.secretsmanager;

import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.cloud.Call;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.SigV4;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local AWS checks the SigV4 signature of Secrets Manager requests signed with a registered key pair (as a node's
 * role credentials from instance metadata would be): what the SDK's own signer signs passes; a changed body, a
 * changed signed header or a wrong secret access key is refused with InvalidSignatureException.
 */
@ExtendWith(LocalAwsExtension.class)
class SecretsManagerSignatureTest {

    private static final String ACCESS_KEY = "ASIALOCALNODEROLE001";
    private static final String SECRET_KEY = "node-role-secret/with+odd=characters";
    private static final String CREATE = "{\"Name\":\"consul-cluster-factory/dc1/server\",\"SecretString\":\"{}\"}";

    private static SecretsManagerClient client(LocalAws aws, String accessKey, String secretKey) {
        return SecretsManagerClient.builder().endpointOverride(aws.endpoint()).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .build();
    }

    @Test
    void theSdkSignedWithRegisteredCredentialsIsServed(LocalAws aws) {
        aws.registerCredentials(ACCESS_KEY, SECRET_KEY);
        try (SecretsManagerClient sm = client(aws, ACCESS_KEY, SECRET_KEY)) {
            sm.createSecret(r -> r.name("consul-cluster-factory/dc1/client").secretString("{\"gossip_key\":\"k\"}")
                    .description("a description with  two spaces, unicode é and ünïcødé"));

            assertEquals("{\"gossip_key\":\"k\"}",
                    sm.getSecretValue(r -> r.secretId("consul-cluster-factory/dc1/client")).secretString());
            assertEquals(1, sm.listSecrets(r -> r.maxResults(5)).secretList().size());
        }
        List<Call> calls = aws.calls().matching(c -> c.service().equals("secretsmanager"));
        assertEquals(3, calls.size());
        assertTrue(calls.stream().allMatch(c -> c.succeeded() && c.accessKeyId().equals(ACCESS_KEY)), calls.toString());
    }

    @Test
    void aWrongSecretAccessKeyIsRefused(LocalAws aws) {
        aws.registerCredentials(ACCESS_KEY, SECRET_KEY);
        try (SecretsManagerClient sm = client(aws, ACCESS_KEY, "not-the-secret")) {
            SecretsManagerException e = assertThrows(SecretsManagerException.class,
                    () -> sm.createSecret(r -> r.name("stolen").secretString("x")));

            assertEquals(400, e.statusCode());
            assertEquals("InvalidSignatureException", e.awsErrorDetails().errorCode());
            assertTrue(e.awsErrorDetails().errorMessage().startsWith(
                    "The request signature we calculated does not match the signature you provided."), e.getMessage());
        }
        assertTrue(aws.secretsManager().secret("stolen").isEmpty(), "a refused request changes nothing");
    }

    @Test
    void anUnregisteredKeyIsServedUnchecked(LocalAws aws) throws Exception {
        // The simplification the tests rely on: the SDK in tests signs with a made-up key the local AWS does not know.
        HttpResponse<String> response = send(aws, signed(aws, "AKIAUNKNOWN000000001", "whatever", CREATE), CREATE, Map.of());
        assertEquals(200, response.statusCode(), response.body());
        HttpResponse<String> forged = send(aws, signed(aws, "AKIAUNKNOWN000000001", "whatever", CREATE),
                CREATE.replace("server", "client"), Map.of());
        assertEquals(200, forged.statusCode(), forged.body());
    }

    @Test
    void whatTheSdkSignerSignsPassesAndAnyChangeAfterSigningFails(LocalAws aws) throws Exception {
        aws.registerCredentials(ACCESS_KEY, SECRET_KEY);

        HttpResponse<String> good = send(aws, signed(aws, ACCESS_KEY, SECRET_KEY, CREATE), CREATE, Map.of());
        assertEquals(200, good.statusCode(), good.body());
        assertTrue(aws.secretsManager().currentSecretString("consul-cluster-factory/dc1/server").isPresent());

        String other = CREATE.replace("server", "client");
        HttpResponse<String> changedBody = send(aws, signed(aws, ACCESS_KEY, SECRET_KEY, CREATE), other, Map.of());
        assertEquals(400, changedBody.statusCode());
        assertTrue(changedBody.body().contains("\"__type\":\"InvalidSignatureException\""), changedBody.body());
        assertEquals("InvalidSignatureException", changedBody.headers().firstValue("x-amzn-ErrorType").orElse(""));
        assertTrue(aws.secretsManager().secret("consul-cluster-factory/dc1/client").isEmpty());

        HttpResponse<String> changedTarget = send(aws, signed(aws, ACCESS_KEY, SECRET_KEY, "{\"SecretId\":\"x\"}"),
                "{\"SecretId\":\"x\"}", Map.of("X-Amz-Target", "secretsmanager.DeleteSecret"));
        assertEquals(400, changedTarget.statusCode(), "X-Amz-Target is a signed header");

        HttpResponse<String> wrongSecret = send(aws, signed(aws, ACCESS_KEY, SECRET_KEY + "x", other), other, Map.of());
        assertEquals(400, wrongSecret.statusCode());
        assertTrue(wrongSecret.body().contains("InvalidSignatureException"), wrongSecret.body());
    }

    /**
     * The worked example of AWS's SigV4 documentation (IAM ListUsers, 20150830T123600Z, the documentation's example
     * key): the canonical request, string to sign and signing key chain give AWS's published signature.
     */
    @Test
    void theVerifierReproducesAwsDocumentedExample() {
        Map<String, List<String>> headers = Map.of(
                "Content-Type", List.of("application/x-www-form-urlencoded; charset=utf-8"),
                "Host", List.of("iam.amazonaws.com"),
                "X-Amz-Date", List.of("20150830T123600Z"));
        String signature = SigV4.signature("GET", "/", "Action=ListUsers&Version=2010-05-08", headers,
                List.of("content-type", "host", "x-amz-date"), new byte[0], "20150830T123600Z", "20150830", "us-east-1",
                "iam", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

        assertEquals("5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7", signature);
    }

    /** A CreateSecret-shaped request to the local AWS, signed by the SDK's own SigV4 signer. */
    private static SdkHttpRequest signed(LocalAws aws, String accessKey, String secretKey, String body) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(URI.create(aws.endpoint() + "/"))
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "secretsmanager.CreateSecret")
                .build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(accessKey, secretKey))
                .request(request)
                .payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "secretsmanager")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        return signed.request();
    }

    /** Sends a signed request with {@code body} (maybe not the one signed) and headers replaced by {@code override}. */
    private static HttpResponse<String> send(LocalAws aws, SdkHttpRequest signed, String body, Map<String, String> override)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(aws.endpoint() + "/"))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        Set<String> restricted = Set.of("host", "content-length", "connection");
        signed.headers().forEach((name, values) -> {
            if (!restricted.contains(name.toLowerCase()) && !override.containsKey(name)) {
                values.forEach(v -> request.header(name, v));
            }
        });
        override.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
