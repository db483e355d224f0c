package io.consulfactory.local.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.LocalWorkflow;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.Network;
import io.consulfactory.local.statemachine.LocalStateMachine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad and hostile execution inputs (hostile-inputs.json): each fails the deployed workflow in ValidateInput,
 * naming the field, before any AWS call.
 */
@ExtendWith(LocalAwsExtension.class)
class HostileInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ReliabilityReport.Section REPORT = new ReliabilityReport.Section("hostile-input", "Bad and hostile input",
            "Each input (`local/src/test/resources/hostile-inputs.json`) started as an execution of the deployed"
                    + " workflow: wrong types, missing network fields, out-of-range counts, unknown fields, over-long"
                    + " names, and shell, newline and quote injections into everything that reaches user data or tags.",
            "input", "what it tries", "execution", "error for the field", "AWS calls");

    static Stream<Arguments> inputs() throws IOException {
        try (InputStream in = HostileInputTest.class.getResourceAsStream("/hostile-inputs.json")) {
            List<Arguments> cases = new ArrayList<>();
            JSON.readTree(in).forEach(c -> cases.add(Arguments.of(cases.size(), c.get("what").asText(), c.get("input"),
                    c.get("field").asText())));
            assertTrue(cases.size() >= 40, "at least 40 hostile inputs");
            return cases.stream();
        }
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("inputs")
    void isRejectedByValidateInputNamingTheFieldWithNoAwsCall(int index, String what, JsonNode input, String field, LocalAws aws)
            throws IOException {
        Network network = aws.ec2().seedDefaultNetwork();
        LocalWorkflow workflow = new LocalWorkflow(aws, LocalWorkflow.definitionFile(),
                LocalWorkflow.stackDefaults(network.vpcId(), network.subnetIds()));
        List<String> states = new ArrayList<>();

        LocalStateMachine.Result result = workflow.run("hostile", input, (s, t, l, r, o) -> states.add(s));

        assertEquals("FAILED", result.status());
        assertEquals(List.of("ValidateInput", "FailedBeforeBuilder"), states);
        assertEquals("io.consulfactory.spec.InvalidSpecException", result.error());
        assertTrue(result.cause().contains(field + ": "), "names " + field + ": " + result.cause());
        assertEquals(0, aws.calls().size(), "no AWS call: " + aws.calls().all());
        REPORT.row(ReliabilityReport.key(index), "`" + input.toString() + "`", what, "FAILED in ValidateInput",
                violation(result.cause(), field), String.valueOf(aws.calls().size()));
    }

    /** The line of the error that is about the field. */
    private static String violation(String cause, String field) throws IOException {
        String message = JSON.readTree(cause).path("errorMessage").asText(cause);
        return message.lines().filter(line -> line.contains(field + ": ")).findFirst().orElse(message).strip();
    }

    @AfterAll
    static void writeReport() {
        REPORT.write();
    }
}
