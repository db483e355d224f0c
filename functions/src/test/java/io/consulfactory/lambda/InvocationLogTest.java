package io.consulfactory.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The doorway writes one JSON line per invocation, with what the step did, and never a secret. */
class InvocationLogTest {

    private static final String GOSSIP_KEY = "pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s=";
    private static final String TOKEN = "9e1d5b7c-0f3a-4c55-8a44-2a1b0c9d8e7f";

    private final List<String> lines = new CopyOnWriteArrayList<>();

    InvocationLogTest() {
        InvocationLog.writeTo(lines::add);
    }

    @AfterEach
    void stdoutAgain() {
        InvocationLog.writeTo(null);
    }

    public record Spec(String clusterName, String gossipKey) {
    }

    public record Input(Spec spec, String execution, String aclToken) {
    }

    public record Output(String status, String reason, int checks, String instanceId, String gossipKey, String token,
                         Map<String, String> secrets, List<String> created, String serverSecretArn) {
    }

    /** A step whose input and output carry secrets in fields the line must not take. */
    static final class Leaky extends JsonHandler<Input, Output> {
        RuntimeException fail;

        Leaky() {
            super(Input.class);
        }

        @Override
        protected Output handle(Input input, Context context) {
            if (fail != null) {
                throw fail;
            }
            return new Output("READY", "3 voters", 4, "i-0abc", input.spec().gossipKey(), input.aclToken(),
                    Map.of("gossip_key", GOSSIP_KEY), List.of("client", "server"),
                    "arn:aws:secretsmanager:us-east-1:123456789012:secret:consul-cluster-factory/dc1/server-AbCdEf");
        }
    }

    private static String event(String execution) {
        return "{\"spec\": {\"clusterName\": \"consul-dc1\", \"gossipKey\": \"" + GOSSIP_KEY + "\"},"
                + (execution == null ? "" : " \"execution\": \"" + execution + "\",")
                + " \"aclToken\": \"" + TOKEN + "\"}";
    }

    private static void invoke(Leaky handler, String event) throws IOException {
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), null);
    }

    @Test
    void oneLineWithTheStepsScalarsAndNoSecret() throws Exception {
        invoke(new Leaky(), event("arn:aws:states:us-east-1:123456789012:execution:consul-cluster-factory:deploy"));

        assertEquals(1, lines.size(), lines.toString());
        String text = lines.get(0);
        assertFalse(text.contains(GOSSIP_KEY), text);
        assertFalse(text.contains(TOKEN), text);
        assertFalse(text.contains("\n"), "one line");
        JsonNode line = Json.MAPPER.readTree(text);
        assertEquals("Leaky", line.get("function").asText());
        assertEquals("consul-dc1", line.get("cluster").asText());
        assertEquals("arn:aws:states:us-east-1:123456789012:execution:consul-cluster-factory:deploy", line.get("execution").asText());
        assertEquals("ok", line.get("outcome").asText());
        assertEquals("INFO", line.get("level").asText());
        assertTrue(line.get("durationMs").isIntegralNumber());
        assertTrue(line.get("awsCalls").isObject() && line.get("awsCalls").isEmpty(), "no AWS call: " + line);
        assertEquals(Json.MAPPER.readTree("{\"status\":\"READY\",\"reason\":\"3 voters\",\"checks\":4,\"instanceId\":\"i-0abc\","
                + "\"created\":[\"client\",\"server\"],\"serverSecretArn\":"
                + "\"arn:aws:secretsmanager:us-east-1:123456789012:secret:consul-cluster-factory/dc1/server-AbCdEf\"}"), line.get("result"));
        java.time.Instant.parse(line.get("timestamp").asText()); // RFC 3339, as Lambda's JSON format takes it
    }

    @Test
    void aFailureIsItsTypeAloneNeverItsMessage() {
        Leaky handler = new Leaky();
        handler.fail = new IllegalStateException("the token " + TOKEN + " was refused");

        assertThrows(IllegalStateException.class, () -> invoke(handler, event(null)));

        assertEquals(1, lines.size(), lines.toString());
        assertFalse(lines.get(0).contains(TOKEN), lines.get(0));
        JsonNode line = assertDoesNotThrowRead(lines.get(0));
        assertEquals("java.lang.IllegalStateException", line.get("outcome").asText());
        assertEquals("ERROR", line.get("level").asText());
        assertFalse(line.has("result"));
        assertTrue(line.get("execution").isNull(), "no execution in the input, no request id without a context: " + line);
    }

    @Test
    void anUnreadableEventIsLoggedWithoutItsText() {
        String event = "{\"spec\": {\"clusterName\": \"consul-dc1\", \"gossipKey\": \"" + GOSSIP_KEY + "\"}, \"spec\": 1}";

        assertThrows(IOException.class, () -> invoke(new Leaky(), event));

        assertEquals(1, lines.size(), lines.toString());
        assertFalse(lines.get(0).contains(GOSSIP_KEY), lines.get(0));
        assertTrue(assertDoesNotThrowRead(lines.get(0)).get("outcome").asText().startsWith("com.fasterxml.jackson."), lines.get(0));
    }

    private static JsonNode assertDoesNotThrowRead(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
