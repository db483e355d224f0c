package io.consulfactory.local.cloud.sfn;

import io.consulfactory.local.cloud.AwsError;

/**
 * The Step Functions errors the local service answers with: each code is one StartExecution's API reference lists
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html, "Errors"), all with
 * HTTP status 400 as it gives them. The messages are in the shape AWS writes them ({@code Invalid Arn: '…'}).
 */
public final class SfnErrors {

    private SfnErrors() {
    }

    /**
     * The JSON protocol's answer for an X-Amz-Target the service does not serve.
     * https://docs.aws.amazon.com/step-functions/latest/apireference/CommonErrors.html
     */
    public static AwsError unknownOperation(String action) {
        return AwsError.client("UnknownOperationException", "Unknown operation " + action);
    }

    /**
     * InvalidArn, "The provided Amazon Resource Name (ARN) is invalid".
     * https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
     */
    public static AwsError invalidArn(String arn) {
        return AwsError.client("InvalidArn", "Invalid Arn: '" + arn + "'");
    }

    /**
     * InvalidName, "The provided name is invalid".
     * https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
     */
    public static AwsError invalidName(String name) {
        return AwsError.client("InvalidName", "Invalid Name: '" + name + "'");
    }

    /**
     * InvalidExecutionInput, "The provided JSON input data is invalid", for input that is not one JSON value.
     * https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
     */
    public static AwsError inputNotJson(String why) {
        return invalidExecutionInput(why);
    }

    /**
     * InvalidExecutionInput for input over the 256 KiB quota.
     * https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html
     */
    public static AwsError inputTooLarge(int bytes, int maxBytes) {
        return invalidExecutionInput("the input is " + bytes + " bytes (UTF-8); the maximum is " + maxBytes);
    }

    /**
     * ExecutionAlreadyExists, "The execution has the same name as another execution (but a different input)".
     * https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
     */
    public static AwsError executionAlreadyExists(String executionArn) {
        return AwsError.client("ExecutionAlreadyExists", "Execution Already Exists: '" + executionArn + "'");
    }

    private static AwsError invalidExecutionInput(String why) {
        return AwsError.client("InvalidExecutionInput", "Invalid State Machine Execution Input: " + why);
    }

    // ---- what any call may meet (the faults a test injects; see Faults) ----

    /** The request rate exceeded Step Functions' API quota: https://docs.aws.amazon.com/step-functions/latest/apireference/CommonErrors.html */
    public static AwsError throttling() {
        return AwsError.client("ThrottlingException", "Rate exceeded");
    }

    /** Step Functions failed on its side: https://docs.aws.amazon.com/step-functions/latest/apireference/CommonErrors.html */
    public static AwsError internalFailure() {
        return new AwsError(500, "InternalFailure", "The request processing has failed because of an unknown error, exception or failure.");
    }
}
