package io.consulfactory.local.cloud.sts;

import io.consulfactory.local.cloud.AwsError;

/**
 * The errors the local STS answers with: STS's code, HTTP status and wording
 * (https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html).
 */
public final class StsErrors {

    private StsErrors() {
    }

    /** An action STS does not have (here: any but GetCallerIdentity): https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html */
    public static AwsError invalidAction(String action) {
        return AwsError.client("InvalidAction", "Could not find operation " + action + " for version 2011-06-15");
    }

    // ---- what any call may meet (the faults a test injects; see Faults) ----

    /** The request rate exceeded STS's quota: https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html */
    public static AwsError throttling() {
        return AwsError.client("Throttling", "Rate exceeded");
    }

    /** STS failed on its side: https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html */
    public static AwsError internalFailure() {
        return new AwsError(500, "InternalFailure", "The request processing has failed because of an unknown error, exception or failure.");
    }
}
