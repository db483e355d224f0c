package io.consulfactory.local.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.LocalWorkflow;
import io.consulfactory.local.cloud.AwsError;
import io.consulfactory.local.cloud.Call;
import io.consulfactory.local.cloud.Faults;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.Network;
import io.consulfactory.local.statemachine.LocalStateMachine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fault campaign: for every AWS operation a deploy and a rebake call, the local AWS answers it with
 * throttling, then with a 500, then with a permanent error. Transient faults are ridden out (the SDK's
 * retries, then the state machine's) and the run ends with exactly what a clean run makes; a permanent fault
 * fails the execution with a cause naming the operation and AWS's message, and leaves no live builder and
 * nothing half-made.
 */
@ExtendWith(LocalAwsExtension.class)
class FaultCampaignTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** keepImages 1, so the rebake's clean-up deregisters the first image: DeregisterImage is covered too. */
    private static final String DEPLOY = "{\"keepImages\":1}";
    private static final String REBAKE = "{\"keepImages\":1,\"consulVersion\":\"1.21.0\"}";
    private static final int TRANSIENT_TIMES = 3; // one more than the SDK's own retries absorb: the state machine retries too
    private static final Pattern FAILURE_PATH = Pattern.compile("-> (CleanUpAfterFailure|FailedBeforeBuilder|\\w+Failed)");

    /** Granted to the functions but called only to repair drift or to resize a group: not met by a clean run. */
    private static final List<String> REPAIR_ONLY = List.of("iam:UpdateAssumeRolePolicy", "iam:TagRole",
            "iam:TagInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "ec2:RevokeSecurityGroupIngress",
            "ec2:CreateTags", "autoscaling:UpdateAutoScalingGroup", "iam:TagPolicy", "iam:ListPolicyVersions",
            "iam:CreatePolicyVersion", "iam:DeletePolicyVersion");

    private static final ReliabilityReport.Section REPORT = new ReliabilityReport.Section("faults", "Fault campaign",
            "For every AWS operation a deploy and a rebake (`" + DEPLOY + "` then `" + REBAKE + "`) call, found by a"
                    + " clean run: the next " + TRANSIENT_TIMES + " calls throttled, then the next " + TRANSIENT_TIMES
                    + " answered with a 500, then a permanent error that lasts until the workflow takes its failure"
                    + " path. \"as clean\": the run made exactly what a clean run makes (builders, images, template"
                    + " versions, group, servers in service). For the permanent error: the execution that failed, its"
                    + " error and cause, and what was left: \"nothing\" is no builder alive and no half-made"
                    + " launch template or group.\n\nNot in the campaign: actions only drift repair calls ("
                    + String.join(", ", REPAIR_ONLY) + "); EnsureSupportingResourcesTest covers those paths.",
            "operation", "throttled", "500", "permanent error", "failed", "cause", "left behind");

    private static Inventory clean;
    private static List<String> operations;

    /** Every operation a clean deploy and rebake call, in the order they are first called. */
    static synchronized List<String> operations() {
        if (operations == null) {
            LocalAws aws = LocalAwsExtension.localAws();
            aws.reset();
            Run run = Run.of(aws, (s, t, l, r, o) -> { });
            assertEquals("SUCCEEDED", run.rebake.status(), "the clean run: " + run.rebake.cause());
            clean = Inventory.of(aws);
            operations = aws.calls().all().stream().map(Call::operation).distinct().toList();
            assertTrue(operations.stream().noneMatch(REPAIR_ONLY::contains), "a clean run repairs nothing");
        }
        return operations;
    }

    /** A deploy, then (if it succeeded) a rebake: the two executions every case runs. */
    private record Run(LocalStateMachine.Result deploy, LocalStateMachine.Result rebake) {

        static Run of(LocalAws aws, LocalStateMachine.Listener listener) {
            Network network = aws.ec2().seedDefaultNetwork();
            LocalWorkflow workflow = new LocalWorkflow(aws, LocalWorkflow.definitionFile(),
                    LocalWorkflow.stackDefaults(network.vpcId(), network.subnetIds()));
            try {
                LocalStateMachine.Result deploy = workflow.run("deploy", JSON.readTree(DEPLOY), listener);
                LocalStateMachine.Result rebake = deploy.status().equals("SUCCEEDED")
                        ? workflow.run("rebake", JSON.readTree(REBAKE), listener) : null;
                return new Run(deploy, rebake);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        LocalStateMachine.Result last() {
            return rebake != null ? rebake : deploy;
        }
    }

    private static String service(String operation) {
        return operation.substring(0, operation.indexOf(':'));
    }

    private static String action(String operation) {
        return operation.substring(operation.indexOf(':') + 1);
    }

    private static long faultsAnswered(LocalAws aws, String operation, String code) {
        return aws.calls().of(service(operation), action(operation)).stream().filter(c -> code.equals(c.errorCode())).count();
    }

    private static void transientFault(String operation, LocalAws aws, Function<String, AwsError> error, int column) {
        operations();
        AwsError fault = error.apply(service(operation));
        aws.faults().fail(service(operation), action(operation), TRANSIENT_TIMES, fault);

        Run run = Run.of(aws, (s, t, l, r, o) -> { });

        assertEquals(TRANSIENT_TIMES, faultsAnswered(aws, operation, fault.code()), "the fault was met");
        assertEquals("SUCCEEDED", run.last().status(), run.last().error() + ": " + run.last().cause());
        assertEquals(clean, Inventory.of(aws), "the same as a clean run");
        record(operation, column, fault.code() + " x" + TRANSIENT_TIMES + ": succeeded, as clean");
    }

    @ParameterizedTest(name = "{0} throttled")
    @MethodSource("operations")
    void throttlingIsRiddenOutAndTheRunEndsAsACleanOne(String operation, LocalAws aws) {
        transientFault(operation, aws, Faults::throttlingError, 1);
    }

    @ParameterizedTest(name = "{0} answers 500")
    @MethodSource("operations")
    void serverErrorsAreRiddenOutAndTheRunEndsAsACleanOne(String operation, LocalAws aws) {
        transientFault(operation, aws, Faults::serverError, 2);
    }

    @ParameterizedTest(name = "{0} fails for good")
    @MethodSource("operations")
    void aPermanentErrorFailsTheRunNamingTheOperationAndLeavesNothingBehind(String operation, LocalAws aws) {
        operations();
        AwsError fault = PermanentErrors.of(operation);
        aws.faults().fail(service(operation), action(operation), Integer.MAX_VALUE, fault);

        // The fault lasts until the workflow turns to its failure path; clean-up then meets a working AWS.
        Run run = Run.of(aws, (state, type, local, real, outcome) -> {
            if (FAILURE_PATH.matcher(outcome).find()) {
                aws.faults().clear();
            }
        });
        aws.faults().clear();

        LocalStateMachine.Result failed = run.last();
        assertTrue(faultsAnswered(aws, operation, fault.code()) > 0, "the fault was met");
        assertEquals("FAILED", failed.status(), "a permanent " + fault.code() + " on " + operation + " fails the run");
        assertTrue(failed.cause().contains(operation), "the cause names " + operation + ": " + failed.cause());
        assertTrue(failed.cause().contains(fault.getMessage()), "the cause holds AWS's message: " + failed.cause());
        aws.clock().advance(Duration.ofMinutes(5));
        Inventory after = Inventory.of(aws);
        assertEquals(0, after.buildersNotTerminated(), "no builder left alive: " + after);
        assertEquals(List.of(), Inventory.halfMade(), "nothing half-made");
        record(operation, 3, fault.code() + " (" + fault.status() + ")");
        record(operation, 4, (run.rebake != null ? "rebake" : "deploy") + ", " + failed.error().replaceAll(".*\\.", ""));
        record(operation, 5, errorMessage(failed.cause()));
        record(operation, 6, "nothing");
    }

    /** The Lambda error's message, without the SDK's request details. */
    private static String errorMessage(String cause) {
        try {
            return JSON.readTree(cause).path("errorMessage").asText(cause).replaceAll(" \\(Service: .*", "");
        } catch (IOException e) {
            return cause;
        }
    }

    private static synchronized void record(String operation, int column, String text) {
        int index = operations.indexOf(operation);
        List<String> row = new java.util.ArrayList<>(rows.computeIfAbsent(index, i -> new java.util.ArrayList<>(
                List.of(operation, "", "", "", "", "", ""))));
        row.set(column, text);
        rows.put(index, row);
        REPORT.row(ReliabilityReport.key(index), row.toArray(String[]::new));
    }

    private static final java.util.Map<Integer, List<String>> rows = new java.util.HashMap<>();

    @AfterAll
    static void writeReport() {
        REPORT.write();
    }
}
