package io.consulfactory.teardown;

import com.fasterxml.jackson.databind.JsonNode;
import io.consulfactory.spec.InvalidSpecException;
import io.consulfactory.spec.Shown;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The teardown execution's input: {@code {"clusterName": "…", "confirm": "…", "skipFinalSnapshot": false,
 * "secretRecoveryDays": 30}}. Read as strictly as the cluster spec ({@link io.consulfactory.spec.ClusterSpecParser}):
 * unknown fields and wrong types are refused, naming the field and the rule; nothing is defaulted from the stack,
 * since removing a cluster must name it twice.
 *
 * @param secretRecoveryDays how long Secrets Manager keeps the deleted secrets restorable (DeleteSecret's
 *                           RecoveryWindowInDays: 7 to 30)
 */
public record TeardownRequest(String clusterName, boolean skipFinalSnapshot, int secretRecoveryDays) {

    public static final int DEFAULT_SECRET_RECOVERY_DAYS = 30;
    static final Set<String> FIELDS = new LinkedHashSet<>(List.of("clusterName", "confirm", "skipFinalSnapshot",
            "secretRecoveryDays"));
    // The cluster spec's rule for clusterName (ClusterSpecParser): the names a cluster can have been made with.
    private static final Pattern CLUSTER_NAME = Pattern.compile("[a-z][a-z0-9-]*[a-z0-9]");

    /** @throws InvalidTeardownException every broken rule, before anything is looked at in AWS */
    public static TeardownRequest parse(JsonNode input) {
        List<InvalidSpecException.Violation> violations = new ArrayList<>();
        if (input == null || !input.isObject()) {
            throw new InvalidTeardownException(List.of(new InvalidSpecException.Violation("(input)",
                    "must be a JSON object like {\"clusterName\": \"dc1\", \"confirm\": \"dc1\"}")));
        }
        input.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                violations.add(new InvalidSpecException.Violation(field.length() > 64 ? field.substring(0, 64) + "…" : field,
                        "unknown field; known fields are " + FIELDS));
            }
        });
        String clusterName = text(input, "clusterName", violations);
        if (clusterName != null && (clusterName.length() < 3 || clusterName.length() > 32
                || !CLUSTER_NAME.matcher(clusterName).matches() || clusterName.contains("--"))) {
            violations.add(new InvalidSpecException.Violation("clusterName", Shown.value(clusterName) + " is not a cluster"
                    + " name: 3 to 32 lowercase letters, digits and hyphens, starting with a letter, not ending with a"
                    + " hyphen, no \"--\""));
            clusterName = null;
        }
        String confirm = text(input, "confirm", violations);
        if (confirm != null && clusterName != null && !confirm.equals(clusterName)) {
            violations.add(new InvalidSpecException.Violation("confirm", "must equal clusterName (" + Shown.value(clusterName)
                    + ") to confirm that the cluster, its servers and their data are to be removed; got " + Shown.value(confirm)));
        }
        boolean skip = false;
        JsonNode skipNode = input.get("skipFinalSnapshot");
        if (skipNode != null && !skipNode.isNull()) {
            if (skipNode.isBoolean()) {
                skip = skipNode.booleanValue();
            } else {
                violations.add(new InvalidSpecException.Violation("skipFinalSnapshot", "must be true or false, got " + kind(skipNode)));
            }
        }
        int days = DEFAULT_SECRET_RECOVERY_DAYS;
        JsonNode daysNode = input.get("secretRecoveryDays");
        if (daysNode != null && !daysNode.isNull()) {
            if (daysNode.isIntegralNumber() && daysNode.canConvertToInt() && daysNode.intValue() >= 7 && daysNode.intValue() <= 30) {
                days = daysNode.intValue();
            } else {
                violations.add(new InvalidSpecException.Violation("secretRecoveryDays", "must be an integer from 7 to 30"
                        + " (Secrets Manager's recovery window), got " + kind(daysNode)));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidTeardownException(violations);
        }
        return new TeardownRequest(clusterName, skip, days);
    }

    private static String text(JsonNode input, String field, List<InvalidSpecException.Violation> violations) {
        JsonNode value = input.get(field);
        if (value == null || value.isNull()) {
            violations.add(new InvalidSpecException.Violation(field, "is required: the name of the cluster to remove"));
            return null;
        }
        if (!value.isTextual()) {
            violations.add(new InvalidSpecException.Violation(field, "must be a string, got " + kind(value)));
            return null;
        }
        return value.textValue();
    }

    private static String kind(JsonNode node) {
        if (node.isTextual()) {
            return "a string " + Shown.value(node.textValue());
        }
        if (node.isNumber() || node.isBoolean()) {
            String text = node.asText();
            return (node.isBoolean() ? "a boolean " : "a number ") + (text.length() > 40 ? text.substring(0, 39) + "…" : text);
        }
        return node.isArray() ? "an array" : node.isObject() ? "an object" : "null";
    }
}
