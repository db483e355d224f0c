package io.consulfactory.bake;

/**
 * EC2 does not see the new instance profile yet: IAM is eventually consistent, and RunInstances with a
 * profile made seconds ago fails with {@code InvalidParameterValue}. The state machine retries with
 * backoff; it clears within a minute or so.
 */
public class InstanceProfileNotReadyException extends RuntimeException {

    public InstanceProfileNotReadyException(String message, Throwable cause) {
        super(message, cause);
    }
}
