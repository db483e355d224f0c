package io.consulfactory.spec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The execution input breaks one or more rules. Raised before anything is created, and also when AWS
 * shows an input to be wrong (a VPC that does not exist). The state machine fails the execution with
 * this message; retrying cannot help.
 */
public class InvalidSpecException extends RuntimeException {

    /**
     * One broken rule: the field's path ({@code subnetIds[1]}, {@code baseImage.imageId}) and the rule. What
     * either echoes of the input is escaped where it was written ({@link Shown}); a character that would still
     * hide, reorder or break the line is escaped here, whoever built the violation.
     */
    public record Violation(String field, String rule) {
        public Violation {
            field = Shown.safe(field);
            rule = Shown.safe(rule);
        }

        @Override
        public String toString() {
            return field + ": " + rule;
        }
    }

    private final List<Violation> violations;

    public InvalidSpecException(List<Violation> violations) {
        super(message(violations));
        this.violations = List.copyOf(violations);
    }

    /** Every violation up to {@link ClusterSpecParser#MAX_REPORTED}, then how many more: the message stays readable. */
    private static String message(List<Violation> violations) {
        String shown = violations.stream().limit(ClusterSpecParser.MAX_REPORTED).map(Violation::toString)
                .collect(Collectors.joining("; "));
        int more = violations.size() - ClusterSpecParser.MAX_REPORTED;
        return "Invalid cluster spec: " + shown + (more > 0 ? "; and " + more + " more broken rules" : "");
    }

    public static InvalidSpecException of(String field, String rule) {
        return new InvalidSpecException(List.of(new Violation(field, rule)));
    }

    public List<Violation> violations() {
        return violations;
    }
}
