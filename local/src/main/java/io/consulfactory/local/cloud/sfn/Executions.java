package io.consulfactory.local.cloud.sfn;

import java.util.ArrayList;
import java.util.List;

/**
 * The executions StartExecution was asked for, in the order asked, for the test or the local runner to run; state,
 * no wire. Execution names are unique per state machine, and StartExecution is idempotent by name while the first
 * execution is open: "If StartExecution is called with the same name and input as a running execution, the call
 * will succeed and return the same response as the original request. If the execution is closed or if the input
 * is different, it will return a 400 ExecutionAlreadyExists error"
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html).
 *
 * <p>Simplifications: the executions never close here (nothing runs them in the service), so the same name and
 * input always return the first execution; names are never reusable (AWS frees them after 90 days).
 */
final class Executions {

    private final List<SfnService.Execution> executions = new ArrayList<>();

    void reset() {
        executions.clear();
    }

    List<SfnService.Execution> all() {
        return List.copyOf(executions);
    }

    /**
     * StartExecution of a well-formed state machine ARN and name: the input must be JSON of at most 256 KiB
     * ({@link ExecutionInput}); the same name again is the first execution if its input is the same, else refused.
     */
    SfnService.Execution start(String stateMachineArn, String name, String input) {
        ExecutionInput.parse(input);
        for (SfnService.Execution e : executions) {
            if (e.stateMachineArn().equals(stateMachineArn) && e.name().equals(name)) {
                if (e.input().equals(input)) {
                    return e;
                }
                throw SfnErrors.executionAlreadyExists(e.executionArn());
            }
        }
        SfnService.Execution e = new SfnService.Execution(
                stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + name, stateMachineArn, name, input);
        executions.add(e);
        return e;
    }
}
