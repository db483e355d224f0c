package io.consulfactory.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.util.function.Supplier;

/** Maps SDK failures onto the decisions the state machine makes. */
public final class AwsErrors {

    private AwsErrors() {
    }

    /**
     * Runs one AWS call. Throttling, 5xx and network failures that outlive the SDK's retries become
     * {@link RetryableAwsException}; any other service error (a permanent one) propagates unchanged,
     * carrying AWS's code and message.
     */
    public static <T> T call(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (AwsServiceException e) {
            if (isTransient(e)) {
                throw new RetryableAwsException(operation + " is throttled or unavailable after retries: "
                        + e.awsErrorDetails().errorMessage() + " (" + errorCode(e) + ")", e);
            }
            throw e;
        } catch (SdkClientException e) {
            throw new RetryableAwsException(operation + " could not reach AWS: " + e.getMessage(), e);
        }
    }

    public static void run(String operation, Runnable call) {
        call(operation, () -> {
            call.run();
            return null;
        });
    }

    public static boolean isTransient(AwsServiceException e) {
        return e.isThrottlingException() || e.statusCode() >= 500;
    }

    /** AWS's error code, e.g. {@code NoSuchEntity}, or "" when AWS sent none. */
    public static String errorCode(AwsServiceException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
                ? "" : e.awsErrorDetails().errorCode();
    }

    public static boolean hasCode(AwsServiceException e, String code) {
        return code.equals(errorCode(e));
    }
}
