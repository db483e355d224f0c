package io.consulfactory.aws;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.util.function.Supplier;

/** Maps SDK failures onto the decisions the state machine makes. */
public final class AwsErrors {

    private AwsErrors() {
    }

    /**
     * Runs one AWS call. Throttling, 5xx and network failures that outlive the SDK's retries become
     * {@link RetryableAwsException}; any other service error (a permanent one) propagates with its type and
     * code unchanged and the operation put before AWS's message, so an execution's cause says which call failed.
     */
    public static <T> T call(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (AwsServiceException e) {
            if (isTransient(e)) {
                throw new RetryableAwsException(operation + " is throttled or unavailable after retries: "
                        + e.awsErrorDetails().errorMessage() + " (" + errorCode(e) + ")", e);
            }
            throw named(operation, e);
        } catch (SdkClientException e) {
            throw new RetryableAwsException(operation + " could not reach AWS: " + e.getMessage(), e);
        }
    }

    /** The same error with {@code "<operation>: "} before AWS's message (once, however often it is rethrown). */
    static AwsServiceException named(String operation, AwsServiceException e) {
        AwsErrorDetails details = e.awsErrorDetails();
        if (details == null || String.valueOf(details.errorMessage()).startsWith(operation + ": ")) {
            return e;
        }
        String message = operation + ": " + details.errorMessage();
        // The SDK builds the text from the exception's own message when it has one, else from the details.
        AwsServiceException named = e.toBuilder()
                .message(message)
                .awsErrorDetails(details.toBuilder().errorMessage(message).build())
                .build();
        named.setStackTrace(e.getStackTrace());
        return named;
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
