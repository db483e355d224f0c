package io.consulfactory.local.statemachine;

/** An error as Step Functions names it: {@code States.Runtime}, {@code States.TaskFailed}, a task's error type. */
public final class StatesError extends RuntimeException {

    private final String error;
    private final String cause;

    public StatesError(String error, String cause) {
        super(error + ": " + cause);
        this.error = error;
        this.cause = cause;
    }

    public String error() {
        return error;
    }

    public String cause() {
        return cause;
    }
}
