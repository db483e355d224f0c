package io.consulfactory.local.cloud.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** IAM policy documents: the checks IAM makes before storing one, and how IAM sends one back. */
final class PolicyDocuments {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> VERSIONS = Set.of("2012-10-17", "2008-10-17");

    private PolicyDocuments() {
    }

    /**
     * Throws {@code MalformedPolicyDocument} unless the document is a JSON object with a known
     * {@code Version} and a {@code Statement} (one object or a list) whose statements say Allow or Deny.
     * Simplification: IAM itself also accepts a missing Version (it then means 2008-10-17) and checks far
     * more (actions, resources, principals); the local IAM insists on a Version so that sloppy policies fail
     * here rather than behave differently in AWS.
     */
    static void check(String document) {
        JsonNode policy;
        try {
            policy = JSON.readTree(document);
        } catch (JsonProcessingException e) {
            throw IamErrors.policyNotJson();
        }
        if (policy == null || !policy.isObject()) {
            throw IamErrors.policyNotJson();
        }
        JsonNode version = policy.get("Version");
        if (version == null || !version.isTextual() || !VERSIONS.contains(version.asText())) {
            throw IamErrors.policySyntax();
        }
        JsonNode statement = policy.get("Statement");
        List<JsonNode> statements = new ArrayList<>();
        if (statement != null && statement.isObject()) {
            statements.add(statement);
        } else if (statement != null && statement.isArray() && !statement.isEmpty()) {
            statement.forEach(statements::add);
        } else {
            throw IamErrors.policySyntax();
        }
        for (JsonNode s : statements) {
            JsonNode effect = s.get("Effect");
            if (!s.isObject() || effect == null || !Set.of("Allow", "Deny").contains(effect.asText())) {
                throw IamErrors.policySyntax();
            }
        }
    }

    /**
     * The size IAM counts against its quotas: characters other than whitespace
     * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html, "whitespace is not counted").
     */
    static int size(String document) {
        return (int) document.chars().filter(c -> !Character.isWhitespace(c)).count();
    }

    /**
     * A document as IAM returns it (AssumeRolePolicyDocument, GetRolePolicy's PolicyDocument):
     * URL-encoded per RFC 3986. The SDK hands it over still encoded; callers must decode it themselves.
     */
    static String urlEncoded(String document) {
        StringBuilder out = new StringBuilder();
        for (byte b : document.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
