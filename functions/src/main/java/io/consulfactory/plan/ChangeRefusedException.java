package io.consulfactory.plan;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The new spec asks for a change the running cluster cannot survive: raised before any AWS change, so the
 * cluster is exactly as it was. Retrying cannot help; the message says how to make the change instead.
 */
public class ChangeRefusedException extends RuntimeException {

    public ChangeRefusedException(String cluster, List<Change> refused) {
        super("Change refused for running cluster " + cluster + ": " + refused.stream()
                .map(c -> c.field() + " " + c.from() + " -> " + c.to() + ": " + c.how()).collect(Collectors.joining("; ")));
    }
}
