package io.consulfactory.local.cloud.sfn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;

/**
 * An execution's input as Step Functions takes it (state: the rule, no wire): JSON text of at most 256 KiB as UTF-8,
 * "Length constraints apply to the payload size, and are expressed as bytes in UTF-8 encoding … Maximum length of
 * 262144" (https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html; the quotas page's
 * "Maximum input or output size for a task, state, or execution: 256 KiB of data as a UTF-8 encoded string",
 * https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html). Both StartExecution and the local runner
 * refuse other input with {@code InvalidExecutionInput} ("The provided JSON input data is invalid", the API
 * reference's error): {@link SfnErrors#inputNotJson}, {@link SfnErrors#inputTooLarge}.
 * Simplification: the messages are ours, and AWS does not document whether an oversized input is this error or a
 * ValidationException of the length constraint; the local AWS answers InvalidExecutionInput for both cases.
 */
public final class ExecutionInput {

    /** 256 KiB (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html). */
    public static final int MAX_BYTES = 262_144;

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ExecutionInput() {
    }

    /** The input, parsed, if it is one JSON value of at most {@link #MAX_BYTES}. */
    public static JsonNode parse(String input) {
        requireSize(input);
        try {
            JsonNode node = JSON.readTree(input);
            if (node == null || node.isMissingNode()) {
                throw SfnErrors.inputNotJson("no JSON value");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw SfnErrors.inputNotJson(e.getOriginalMessage());
        }
    }

    /** Refuses input over {@link #MAX_BYTES} bytes as UTF-8. */
    public static void requireSize(String input) {
        int bytes = input.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw SfnErrors.inputTooLarge(bytes, MAX_BYTES);
        }
    }

    /** The same for input already parsed (the local runner's), measured as its compact JSON text. */
    public static void requireSize(JsonNode input) {
        try {
            requireSize(JSON.writeValueAsString(input));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
