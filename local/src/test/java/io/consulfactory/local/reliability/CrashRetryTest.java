package io.consulfactory.local.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.LocalWorkflow;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.Network;
import io.consulfactory.local.statemachine.LocalStateMachine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A function that does its AWS calls and then times out is run again by the state machine; every step being
 * idempotent, the workflow ends with exactly what a clean run makes. Every Task state is crashed, in turn.
 */
@ExtendWith(LocalAwsExtension.class)
class CrashRetryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ReliabilityReport.Section REPORT = new ReliabilityReport.Section("crash-retry", "Crash and retry",
            "Each function of the workflow, in turn, does its AWS calls and then times out (Lambda.Unknown, as"
                    + " Step Functions reports a function that ran out of time); the state machine retries the state."
                    + " Compared with a clean deploy of `{}`: builders launched, images, template versions, groups,"
                    + " servers in service.",
            "function that timed out after its work", "execution", "Lambda invocations", "resources");

    private static Inventory clean;
    private static int cleanInvocations;

    static List<String> functions() {
        return new ArrayList<>(LocalWorkflow.functionNames());
    }

    private static LocalStateMachine.Result deploy(LocalAws aws, String crashing) {
        Network network = aws.ec2().seedDefaultNetwork();
        LocalWorkflow workflow = new LocalWorkflow(aws, LocalWorkflow.definitionFile(),
                LocalWorkflow.stackDefaults(network.vpcId(), network.subnetIds()));
        if (crashing != null) {
            workflow.crashAfterWork(crashing, 1);
        }
        try {
            return workflow.run("crash", JSON.readTree("{}"), (s, t, l, r, o) -> { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized Inventory clean(LocalAws aws) {
        if (clean == null) {
            LocalStateMachine.Result run = deploy(aws, null);
            assertEquals("SUCCEEDED", run.status());
            clean = Inventory.of(aws);
            cleanInvocations = run.invocations();
            aws.reset();
        }
        return clean;
    }

    @ParameterizedTest(name = "{0} times out after its work")
    @MethodSource("functions")
    void aStepThatTimesOutAfterItsWorkIsRetriedAndMakesNothingTwice(String function, LocalAws aws) {
        Inventory expected = clean(aws);

        LocalStateMachine.Result result = deploy(aws, function);

        assertEquals("SUCCEEDED", result.status(), result.error() + ": " + result.cause());
        assertEquals(expected, Inventory.of(aws), "exactly what a clean run makes");
        REPORT.row(ReliabilityReport.key(functions().indexOf(function)), function, "SUCCEEDED",
                result.invocations() + " (clean run: " + cleanInvocations + ")", "the same as a clean run");
    }

    @AfterAll
    static void writeReport() {
        REPORT.write();
    }
}
