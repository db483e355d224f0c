package io.consulfactory.teardown;

import io.consulfactory.spec.InvalidSpecException;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The teardown input breaks a rule (the confirmation above all): raised before anything is looked at or changed.
 * The state machine fails the execution with this message; retrying cannot help.
 */
public class InvalidTeardownException extends RuntimeException {

    private final List<InvalidSpecException.Violation> violations;

    public InvalidTeardownException(List<InvalidSpecException.Violation> violations) {
        super("Invalid teardown input: " + violations.stream().limit(20).map(InvalidSpecException.Violation::toString)
                .collect(Collectors.joining("; ")) + "; nothing was changed");
        this.violations = List.copyOf(violations);
    }

    public List<InvalidSpecException.Violation> violations() {
        return violations;
    }
}
