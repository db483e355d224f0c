package io.consulfactory.local.cloud;

/**
 * An error the local AWS answers with, as AWS would: its error code, message and HTTP status. Each
 * protocol renders it in its own shape, so the SDK raises the same exception type it raises against AWS.
 */
public final class AwsError extends RuntimeException {

    private final String code;
    private final int status;

    public AwsError(int status, String code, String message) {
        super(message);
        this.code = code;
        this.status = status;
    }

    /** A 400 the caller caused ("Sender" fault in the query protocols). */
    public static AwsError client(String code, String message) {
        return new AwsError(400, code, message);
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    /** The query protocols' fault type: the caller's fault below 500. */
    public String faultType() {
        return status >= 500 ? "Receiver" : "Sender";
    }
}
