package io.consulfactory.bake;

/**
 * No subnet of the cluster has EC2 capacity for the builder's instance type now. Not retried by the state
 * machine: capacity comes back in minutes to hours, and the message says what else to try.
 */
public class NoCapacityException extends RuntimeException {

    public NoCapacityException(String message, Throwable cause) {
        super(message, cause);
    }
}
