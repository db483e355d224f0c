package io.consulfactory.teardown;

/**
 * The cluster's client policy is attached to something that is not the factory's (a Consul client's role). The
 * teardown leaves others' roles as they are: the operator detaches it, and runs the teardown again.
 */
public class PolicyStillAttachedException extends RuntimeException {

    public PolicyStillAttachedException(String message, Throwable cause) {
        super(message, cause);
    }
}
