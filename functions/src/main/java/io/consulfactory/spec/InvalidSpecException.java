package io.consulfactory.spec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The execution input breaks one or more rules. Raised before anything is created, and also when AWS
 * shows an input to be wrong (a VPC that does not exist). The state machine fails the execution with
 * this message; retrying cannot help.
 */
public class InvalidSpecException extends RuntimeException {

    /** One broken rule: the field's path ({@code subnetIds[1]}, {@code baseImage.imageId}) and the rule. */
    public record Violation(String field, String rule) {
        @Override
        public String toString() {
            return field + ": " + rule;
        }
    }

    private final List<Violation> violations;

    public InvalidSpecException(List<Violation> violations) {
        super("Invalid cluster spec: " + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public static InvalidSpecException of(String field, String rule) {
        return new InvalidSpecException(List.of(new Violation(field, rule)));
    }

    public List<Violation> violations() {
        return violations;
    }
}
