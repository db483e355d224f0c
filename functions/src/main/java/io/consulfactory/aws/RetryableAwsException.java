package io.consulfactory.aws;

/**
 * AWS throttled us or failed on its side (5xx) after the SDK's own retries ran out. The state machine
 * retries the whole step with backoff; the step is idempotent, so that is safe.
 */
public class RetryableAwsException extends RuntimeException {

    public RetryableAwsException(String message, Throwable cause) {
        super(message, cause);
    }
}
