package io.consulfactory.local.statemachine;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.LocalWorkflow;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.LocalClock;
import io.consulfactory.local.cloud.ec2.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local runner where the States Language is particular: ResultPath into input that is not an object, and the
 * transitions Step Functions bills, retries included.
 */
class StatesLanguageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FN = "arn:aws:lambda:us-east-1:123456789012:function:f";

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static LocalStateMachine.Result run(String definition, RequestStreamHandler handler, String input) {
        AslDefinition asl = AslDefinition.parse(definition, Map.of());
        return new LocalStateMachine(asl, Map.of(FN, handler), new LocalClock(Instant.parse("2026-01-05T09:00:00Z")), 1)
                .run("arn:aws:states:us-east-1:123456789012:execution:m:e", json(input), (s, t, l, r, o) -> { });
    }

    private static RequestStreamHandler answering(String result) {
        return (in, out, context) -> out.write(result.getBytes(StandardCharsets.UTF_8));
    }

    private static final String PASS_INTO_FIELD = """
            {"StartAt": "Keep", "States": {"Keep": {"Type": "Pass", "Result": {"ok": true}, "ResultPath": "$.kept", "End": true}}}""";

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[1, 2]", "\"x\"", "42", "true", "null"})
    void aResultPathIntoInputThatIsNoObjectIsResultPathMatchFailure(String input) {
        LocalStateMachine.Result result = run(PASS_INTO_FIELD, answering("{}"), input);

        assertEquals("FAILED", result.status());
        assertEquals("States.ResultPathMatchFailure", result.error());
        assertTrue(result.cause().contains("'$.kept'"), result.cause());
    }

    @Test
    void anObjectInputTakesTheResultAndAWholeReplacementTakesAnyInput() {
        assertEquals(json("{\"a\":1,\"kept\":{\"ok\":true}}"), run(PASS_INTO_FIELD, answering("{}"), "{\"a\":1}").output());
        String replace = """
                {"StartAt": "All", "States": {"All": {"Type": "Pass", "Result": 7, "ResultPath": "$", "End": true}}}""";
        assertEquals(json("7"), run(replace, answering("{}"), "[]").output(), "ResultPath $ needs no object");
    }

    @Test
    void aResultPathThroughAFieldThatHoldsNoObjectIsResultPathMatchFailure() {
        String deep = """
                {"StartAt": "Deep", "States": {"Deep": {"Type": "Pass", "Result": 1, "ResultPath": "$.a.b", "End": true}}}""";

        assertEquals("States.ResultPathMatchFailure", run(deep, answering("{}"), "{\"a\":\"text\"}").error());
        assertEquals(json("{\"a\":{\"b\":1}}"), run(deep, answering("{}"), "{}").output(), "missing fields are made");
    }

    @Test
    void aCatchersResultPathIntoInputThatIsNoObjectFailsTheExecutionUncaught() {
        String caught = """
                {"StartAt": "Work", "States": {
                  "Work": {"Type": "Task", "Resource": "%s", "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error",
                           "Next": "Handled"}], "End": true},
                  "Handled": {"Type": "Succeed"}}}""".formatted(FN);
        RequestStreamHandler failing = (in, out, context) -> {
            throw new IllegalStateException("boom");
        };

        assertEquals("SUCCEEDED", run(caught, failing, "{}").status(), "into an object the catcher works");
        LocalStateMachine.Result result = run(caught, failing, "\"deploy\"");
        assertEquals("FAILED", result.status());
        assertEquals("States.ResultPathMatchFailure", result.error());
    }

    @Test
    void eachRetryIsAStateTransitionAsStepFunctionsBillsIt() {
        String retried = """
                {"StartAt": "Work", "States": {
                  "Work": {"Type": "Task", "Resource": "%s", "Retry": [{"ErrorEquals": ["java.lang.IllegalStateException"],
                           "IntervalSeconds": 1, "MaxAttempts": 3}], "Next": "Done"},
                  "Done": {"Type": "Succeed"}}}""".formatted(FN);
        AtomicInteger calls = new AtomicInteger();
        RequestStreamHandler flaky = (in, out, context) -> {
            if (calls.incrementAndGet() <= 2) {
                throw new IllegalStateException("not yet");
            }
            out.write("{}".getBytes(StandardCharsets.UTF_8));
        };

        LocalStateMachine.Result result = run(retried, flaky, "{}");

        assertEquals("SUCCEEDED", result.status());
        assertEquals(3, result.invocations());
        assertEquals(2, result.retries());
        assertEquals(2 + 2, result.transitions(), "two states entered and two retries");
        assertEquals(2, run(retried, answering("{}"), "{}").transitions(), "no retry, no extra transition");
    }

    /**
     * The deployed workflow: its execution input may be no object, so the catchers that can see it replace the state
     * with the error ({@code "ResultPath": "$"}) instead of adding {@code $.error} to it, which Step Functions (and
     * this runner) would fail with States.ResultPathMatchFailure before the input's error could be told.
     */
    @ExtendWith(LocalAwsExtension.class)
    @org.junit.jupiter.api.Nested
    class DeployedWorkflow {

        @ParameterizedTest
        @ValueSource(strings = {"[]", "\"deploy\"", "42"})
        void aNonObjectExecutionInputFailsInValidateInputNamingTheInput(String input, LocalAws aws) {
            Network network = aws.ec2().seedDefaultNetwork();
            LocalWorkflow workflow = new LocalWorkflow(aws, LocalWorkflow.definitionFile(),
                    LocalWorkflow.stackDefaults(network.vpcId(), network.subnetIds()));
            List<String> states = new ArrayList<>();

            LocalStateMachine.Result result = workflow.run("not-an-object", json(input), (s, t, l, r, o) -> states.add(s));

            assertEquals("FAILED", result.status());
            assertEquals("io.consulfactory.spec.InvalidSpecException", result.error(), result.cause());
            assertEquals(List.of("ValidateInput", "FailedBeforeBuilder"), states);
            assertEquals(0, aws.calls().size());
        }

        @Test
        void everyCatcherBeforeTheBuilderReplacesTheStateForFailedBeforeBuilderToRead() throws Exception {
            JsonNode definition = JSON.readTree(java.nio.file.Files.readString(LocalWorkflow.definitionFile()));
            List<String> catching = new ArrayList<>();
            definition.get("States").fields().forEachRemaining(e -> e.getValue().path("Catch").forEach(c -> {
                if (c.get("Next").asText().equals("FailedBeforeBuilder")) {
                    catching.add(e.getKey());
                    assertEquals("$", c.path("ResultPath").asText(), e.getKey() + "'s catcher: FailedBeforeBuilder reads $.Error");
                }
            }));
            assertTrue(catching.contains("ValidateInput"), "the first state's catcher sees the raw execution input: " + catching);
            assertEquals("$.Error", definition.at("/States/FailedBeforeBuilder/ErrorPath").asText());
            assertEquals("$.Cause", definition.at("/States/FailedBeforeBuilder/CausePath").asText());
        }
    }
}
