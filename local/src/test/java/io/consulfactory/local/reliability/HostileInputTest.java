package io.consulfactory.local.reliability;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.LocalWorkflow;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.Network;
import io.consulfactory.local.statemachine.LocalStateMachine;
import io.consulfactory.spec.InvalidSpecException;
import io.consulfactory.spec.ValidateInputHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad and hostile execution inputs (hostile-inputs.json): each fails the deployed workflow in ValidateInput,
 * naming the field, before any AWS call.
 *
 * <p>A case gives either {@code input}, a JSON value started as an execution, or {@code inputText}, the execution
 * input as raw text (a key twice, two documents, a token JSON does not have): what a tree cannot hold. Step
 * Functions passes its Lambda a JSON event it built itself, so raw text is sent to ValidateInput's doorway as
 * that event with the text spliced in, as {@code aws lambda invoke} could. In either, {@code {{piece x N}}} in a
 * string, a key or the text stands for {@code piece} N times (a 200 KB name), and the report shows it so.
 */
@ExtendWith(LocalAwsExtension.class)
class HostileInputTest {

    // Numbers as written: 1e400 stays 1e400 and 3.0 stays 3.0 on the way into the execution (not Infinity, not 3).
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    private static final Pattern REPEAT = Pattern.compile("\\{\\{(.+?) x (\\d+)}}");
    private static final ReliabilityReport.Section REPORT = new ReliabilityReport.Section("hostile-input", "Bad and hostile input",
            "Each input (`local/src/test/resources/hostile-inputs.json`) started as an execution of the deployed"
                    + " workflow: wrong types, missing network fields, out-of-range counts, unknown fields, over-long"
                    + " names, and shell, newline and quote injections into everything that reaches user data or tags;"
                    + " values that could not work (a Consul older than the config, an = in the join tag, one block"
                    + " spelt twice); forged lines and invisible characters in names; input past Step Functions' 256 KiB."
                    + " Raw text (a key twice, two documents) goes to ValidateInput's doorway as its event.",
            "input", "what it tries", "execution", "error for the field", "AWS calls");

    static Stream<Arguments> inputs() throws IOException {
        return cases().stream().filter(c -> c.get()[2] != null);
    }

    static Stream<Arguments> texts() throws IOException {
        return cases().stream().filter(c -> c.get()[2] == null);
    }

    /** (index, what, input or null, inputText or null, field), one per case, indexed in file order. */
    private static List<Arguments> cases() throws IOException {
        try (InputStream in = HostileInputTest.class.getResourceAsStream("/hostile-inputs.json")) {
            List<Arguments> cases = new ArrayList<>();
            JSON.readTree(in).forEach(c -> cases.add(Arguments.of(cases.size(), c.get("what").asText(),
                    c.has("input") ? c.get("input") : null, c.has("inputText") ? c.get("inputText").asText() : null,
                    c.get("field").asText())));
            assertTrue(cases.size() >= 80, "at least 80 hostile inputs");
            return cases;
        }
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("inputs")
    void isRejectedByValidateInputNamingTheFieldWithNoAwsCall(int index, String what, JsonNode template, String text, String field,
                                                              LocalAws aws) throws IOException {
        Network network = aws.ec2().seedDefaultNetwork();
        LocalWorkflow workflow = new LocalWorkflow(aws, LocalWorkflow.definitionFile(),
                LocalWorkflow.stackDefaults(network.vpcId(), network.subnetIds()));
        List<String> states = new ArrayList<>();

        LocalStateMachine.Result result = workflow.run("hostile", expanded(template), (s, t, l, r, o) -> states.add(s));

        assertEquals("FAILED", result.status());
        assertEquals(List.of("ValidateInput", "FailedBeforeBuilder"), states);
        assertEquals("io.consulfactory.spec.InvalidSpecException", result.error());
        String message = JSON.readTree(result.cause()).path("errorMessage").asText(result.cause());
        assertTrue(message.contains(field + ": "), "names " + field + ": " + message);
        assertEquals(0, aws.calls().size(), "no AWS call: " + aws.calls().all());
        REPORT.row(ReliabilityReport.key(index), "`" + shownText(template.toString()) + "`", what, "FAILED in ValidateInput",
                violation(message, field), String.valueOf(aws.calls().size()));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("texts")
    void rawTextIsRefusedAtValidateInputsDoorwayNamingTheFieldWithNoAwsCall(int index, String what, JsonNode none, String text,
                                                                           String field, LocalAws aws) {
        Network network = aws.ec2().seedDefaultNetwork();
        // The event the state machine's ValidateInput Parameters build, the input's text in place of its JSON.
        String event = "{\"input\":" + expanded(text) + ",\"defaults\":{\"clusterName\":\"consul-dc1\",\"vpcId\":\""
                + network.vpcId() + "\",\"subnetIds\":\"" + String.join(",", network.subnetIds()) + "\",\"consulVersion\":"
                + "\"1.20.2\",\"instanceType\":\"t3.small\",\"serverCount\":\"3\",\"apiAllowedCidrs\":\"\",\"maxImageAgeDays\":\"30\"}}";
        int before = aws.calls().size();

        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> new ValidateInputHandler().handleRequest(
                new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), null));

        assertTrue(e.getMessage().contains(field + ": "), "names " + field + ": " + e.getMessage());
        assertTrue(e.getMessage().indexOf('\n') < 0, "one line: " + e.getMessage());
        assertEquals(before, aws.calls().size(), "no AWS call: " + aws.calls().all());
        REPORT.row(ReliabilityReport.key(index), "`" + shownText(text) + "`", what, "refused by ValidateInput (event read)",
                violation(e.getMessage(), field), String.valueOf(aws.calls().size() - before));
    }

    /** The case's input with every {@code {{piece x N}}} written out, in keys and strings alike. */
    private static JsonNode expanded(JsonNode node) {
        if (node.isTextual()) {
            return JSON.getNodeFactory().textNode(expanded(node.textValue()));
        }
        if (node.isArray()) {
            ArrayNode array = JSON.createArrayNode();
            node.forEach(item -> array.add(expanded(item)));
            return array;
        }
        if (node.isObject()) {
            ObjectNode object = JSON.createObjectNode();
            node.fields().forEachRemaining(f -> object.set(expanded(f.getKey()), expanded(f.getValue())));
            return object;
        }
        return node;
    }

    private static String expanded(String text) {
        return REPEAT.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1).repeat(Integer.parseInt(m.group(2)))));
    }

    /**
     * Input for the report's cell: what would not show as itself (a BOM, a newline, a right-to-left override that
     * would reorder the page around it) as the escape JSON writes.
     */
    private static String shownText(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            boolean hidden = type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE || type == Character.UNASSIGNED;
            out.append(hidden ? String.format("\\u%04X", cp) : new String(Character.toChars(cp)));
        });
        return out.toString();
    }

    /** The part of the error that is about the field (the message is one line; it may name others first). */
    private static String violation(String message, String field) {
        int at = message.indexOf(field + ": ");
        String prefix = "Invalid cluster spec: ";
        return at < 0 || at <= prefix.length() ? message : prefix + "… " + message.substring(at);
    }

    @AfterAll
    static void writeReport() {
        REPORT.write();
    }
}
