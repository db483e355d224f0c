/**
 * AWS Step Functions (JSON 1.0, target prefix {@code AWSStepFunctions}, signing name {@code states}):
 * {@code StartExecution} only, recording each execution for the test or the local runner to run
 * ({@link io.consulfactory.local.cloud.sfn.SfnService}, the doorway).
 *
 * <p>State: {@link io.consulfactory.local.cloud.sfn.Executions} (the executions, name uniqueness per state machine
 * and idempotency by name and input), {@link io.consulfactory.local.cloud.sfn.ExecutionInput} (JSON of at most
 * 256 KiB, also the local runner's rule).
 * <br>Wire: {@link io.consulfactory.local.cloud.sfn.SfnWire} (StartExecution's members and answer).
 * <br>Errors: {@link io.consulfactory.local.cloud.sfn.SfnErrors}.
 *
 * <p>Simplifications: every state machine ARN of the right shape is accepted (no state machine is created or
 * looked up, so StateMachineDoesNotExist never happens); the service runs nothing, so executions never close and
 * the same name and input always return the first execution; names are letters, digits, '-' and '_' only.
 */
package io.consulfactory.local.cloud.sfn;
