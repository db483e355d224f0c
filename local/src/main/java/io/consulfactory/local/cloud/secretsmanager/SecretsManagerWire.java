package io.consulfactory.local.cloud.secretsmanager;

import com.fasterxml.jackson.databind.JsonNode;
import io.consulfactory.local.cloud.AwsRequest;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Secrets Manager's wire (JSON 1.1): the request members the operations read, checked against the service model's
 * constraints, and the response shapes, member for member as the API reference's "Response Syntax" gives them.
 * Members without a value are left out, as AWS does ("Secrets Manager only returns fields that have a value in the
 * response", DescribeSecret). Timestamps are epoch seconds, the JSON protocol's default.
 */
final class SecretsManagerWire {

    /** CreateSecret, Name: "The secret name can contain ASCII letters, numbers, and the following characters: /_+=.@-". */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]+");
    /** SecretString and SecretBinary: "Length Constraints: Maximum length of 65536" (the quota: 65,536 bytes). */
    static final int MAX_VALUE_BYTES = 65536;
    /** ListSecrets, MaxResults: "Valid Range: Minimum value of 1. Maximum value of 100." */
    private static final int MAX_RESULTS = 100;
    private static final String TOKEN_PREFIX = "local-secrets:";

    private SecretsManagerWire() {
    }

    /** One request: its members read and checked, the state called with them, its answer rendered. */
    static Object serve(AwsRequest request, Secrets secrets, Instant now) {
        JsonNode json = request.json();
        return switch (request.action()) {
            case "CreateSecret" -> created(secrets.create(newSecret(json), request.region(), now));
            case "GetSecretValue" -> value(secrets.value(secretId(json), text(json, "VersionId"),
                    text(json, "VersionStage"), now));
            case "DescribeSecret" -> described(secrets.require(secretId(json)));
            case "PutSecretValue" -> put(secrets.put(secretId(json), clientRequestToken(json), secretString(json),
                    secretBinary(json), strings(json.path("VersionStages")), now));
            case "ListSecrets" -> listed(secrets.list(filters(json.path("Filters")),
                            json.path("IncludePlannedDeletion").asBoolean(false), "desc".equals(text(json, "SortOrder"))),
                    offset(json), maxResults(json));
            case "TagResource" -> {
                secrets.tag(secretId(json), tags(json.path("Tags")), now);
                yield Map.of();
            }
            case "UntagResource" -> {
                secrets.untag(secretId(json), strings(json.path("TagKeys")), now);
                yield Map.of();
            }
            case "DeleteSecret" -> deleted(secrets.delete(secretId(json), integer(json, "RecoveryWindowInDays"),
                    json.path("ForceDeleteWithoutRecovery").asBoolean(false), request.region(), now));
            case "RestoreSecret" -> restored(secrets.restore(secretId(json), now));
            default -> throw SecretsManagerErrors.unknownOperation(request.action());
        };
    }

    // ---- requests

    static Secrets.NewSecret newSecret(JsonNode json) {
        String name = text(json, "Name");
        if (name == null) {
            throw SecretsManagerErrors.constraint("name", "Member must not be null");
        }
        if (name.length() > 512) {
            throw SecretsManagerErrors.constraint("name", "Member must have length less than or equal to 512");
        }
        if (!NAME.matcher(name).matches()) {
            throw SecretsManagerErrors.invalidName();
        }
        String description = text(json, "Description");
        if (description != null && description.length() > 2048) {
            throw SecretsManagerErrors.constraint("description", "Member must have length less than or equal to 2048");
        }
        String kmsKeyId = text(json, "KmsKeyId");
        if (kmsKeyId != null && (kmsKeyId.isEmpty() || kmsKeyId.length() > 2048)) {
            throw SecretsManagerErrors.constraint("kmsKeyId", "Member must have length between 0 and 2048");
        }
        return new Secrets.NewSecret(name, clientRequestToken(json), description, kmsKeyId, secretString(json),
                secretBinary(json), tags(json.path("Tags")));
    }

    /** SecretId: "The ARN or name of the secret ... Length Constraints: Minimum length of 1. Maximum length of 2048." */
    static String secretId(JsonNode json) {
        String id = text(json, "SecretId");
        if (id == null) {
            throw SecretsManagerErrors.constraint("secretId", "Member must not be null");
        }
        if (id.isEmpty() || id.length() > 2048) {
            throw SecretsManagerErrors.constraint("secretId", "Member must have length between 1 and 2048");
        }
        return id;
    }

    /** ClientRequestToken: "Length Constraints: Minimum length of 32. Maximum length of 64." */
    static String clientRequestToken(JsonNode json) {
        String token = text(json, "ClientRequestToken");
        if (token != null && (token.length() < 32 || token.length() > 64)) {
            throw SecretsManagerErrors.constraint("clientRequestToken", "Member must have length between 32 and 64");
        }
        return token;
    }

    static String secretString(JsonNode json) {
        String value = text(json, "SecretString");
        if (value != null && value.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
            throw SecretsManagerErrors.constraint("secretString", "Member must have length less than or equal to "
                    + MAX_VALUE_BYTES);
        }
        return value;
    }

    /** SecretBinary travels base64-encoded, as every JSON-protocol blob. */
    static byte[] secretBinary(JsonNode json) {
        String encoded = text(json, "SecretBinary");
        if (encoded == null) {
            return null;
        }
        byte[] value;
        try {
            value = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw SecretsManagerErrors.constraint("secretBinary", "Member must be base64-encoded");
        }
        if (value.length > MAX_VALUE_BYTES) {
            throw SecretsManagerErrors.constraint("secretBinary", "Member must have length less than or equal to "
                    + MAX_VALUE_BYTES);
        }
        return value;
    }

    /** Tags: a list of {@code {"Key": ..., "Value": ...}}; Key 1-128 characters, Value up to 256 (Tag's API reference). */
    static Map<String, String> tags(JsonNode tags) {
        Map<String, String> found = new LinkedHashMap<>();
        for (JsonNode tag : tags) {
            String key = text(tag, "Key");
            String value = tag.path("Value").asText("");
            if (key == null || key.isEmpty() || key.length() > 128) {
                throw SecretsManagerErrors.constraint("tags.member.key", "Member must have length between 1 and 128");
            }
            if (value.length() > 256) {
                throw SecretsManagerErrors.constraint("tags.member.value", "Member must have length less than or equal to 256");
            }
            found.put(key, value);
        }
        return found;
    }

    static List<String> strings(JsonNode list) {
        List<String> values = new ArrayList<>();
        list.forEach(v -> values.add(v.asText()));
        return values;
    }

    static Integer integer(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asInt();
    }

    static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /**
     * ListSecrets' Filters as one predicate (Filter's API reference): every filter must pass; a filter passes when one
     * of its values matches, and none of its values prefixed with {@code !} (negation) does. name, tag-key and
     * tag-value are case-sensitive prefix matches, description a case-insensitive one. Simplified: {@code all} is a
     * case-insensitive substring match over name, description and tags (AWS splits the value into words), and
     * {@code primary-region} / {@code owning-service} never match (no replicas, no secrets managed by other services).
     */
    static Predicate<Secret> filters(JsonNode filters) {
        if (filters.size() > 10) {
            throw SecretsManagerErrors.constraint("filters", "Member must have length less than or equal to 10");
        }
        Predicate<Secret> all = s -> true;
        for (JsonNode filter : filters) {
            String key = filter.path("Key").asText("");
            List<String> values = strings(filter.path("Values"));
            if (values.isEmpty() || values.size() > 10) {
                throw SecretsManagerErrors.constraint("filters.member.values", "Member must have length between 1 and 10");
            }
            Matcher matcher = switch (key) {
                case "name" -> (s, v) -> s.name().startsWith(v);
                case "tag-key" -> (s, v) -> s.tags().keySet().stream().anyMatch(k -> k.startsWith(v));
                case "tag-value" -> (s, v) -> s.tags().values().stream().anyMatch(t -> t.startsWith(v));
                case "description" -> (s, v) -> s.description().map(d -> lower(d).startsWith(lower(v))).orElse(false);
                case "all" -> (s, v) -> words(s).contains(lower(v));
                case "primary-region", "owning-service" -> (s, v) -> false;
                default -> throw SecretsManagerErrors.invalidFilterKey(key);
            };
            List<String> wanted = values.stream().filter(v -> !v.startsWith("!")).toList();
            List<String> unwanted = values.stream().filter(v -> v.startsWith("!")).map(v -> v.substring(1)).toList();
            all = all.and(s -> (wanted.isEmpty() || wanted.stream().anyMatch(v -> matcher.matches(s, v)))
                    && unwanted.stream().noneMatch(v -> matcher.matches(s, v)));
        }
        return all;
    }

    private interface Matcher {
        boolean matches(Secret secret, String value);
    }

    private static String words(Secret s) {
        return lower(s.name() + " " + s.description().orElse("") + " " + String.join(" ", s.tags().keySet()) + " "
                + String.join(" ", s.tags().values()));
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    static int maxResults(JsonNode json) {
        Integer max = integer(json, "MaxResults");
        if (max == null) {
            return MAX_RESULTS;
        }
        if (max < 1 || max > MAX_RESULTS) {
            throw SecretsManagerErrors.constraint("maxResults", "Member must have value between 1 and " + MAX_RESULTS);
        }
        return max;
    }

    /** Our NextToken: the position of the next page, opaque to callers as AWS's is. */
    static int offset(JsonNode json) {
        String token = text(json, "NextToken");
        if (token == null) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (!decoded.startsWith(TOKEN_PREFIX)) {
                throw SecretsManagerErrors.invalidNextToken();
            }
            int offset = Integer.parseInt(decoded.substring(TOKEN_PREFIX.length()));
            if (offset < 0) {
                throw SecretsManagerErrors.invalidNextToken();
            }
            return offset;
        } catch (IllegalArgumentException e) {
            throw SecretsManagerErrors.invalidNextToken();
        }
    }

    private static String nextToken(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((TOKEN_PREFIX + offset).getBytes(StandardCharsets.UTF_8));
    }

    // ---- responses

    /** CreateSecret: ARN, Name, VersionId (only when a value made a version). */
    static Map<String, Object> created(Secrets.Result result) {
        Map<String, Object> out = named(result.secret());
        if (result.version() != null) {
            out.put("VersionId", result.version().versionId());
        }
        return out;
    }

    /** GetSecretValue: ARN, Name, VersionId, SecretString or SecretBinary, VersionStages, CreatedDate (the version's). */
    static Map<String, Object> value(Secrets.Result result) {
        Map<String, Object> out = named(result.secret());
        SecretVersion version = result.version();
        out.put("VersionId", version.versionId());
        version.secretString().ifPresent(v -> out.put("SecretString", v));
        version.secretBinary().ifPresent(v -> out.put("SecretBinary", Base64.getEncoder().encodeToString(v)));
        out.put("VersionStages", version.stages());
        out.put("CreatedDate", time(version.createdDate()));
        return out;
    }

    /** PutSecretValue: ARN, Name, VersionId, VersionStages. */
    static Map<String, Object> put(Secrets.Result result) {
        Map<String, Object> out = named(result.secret());
        out.put("VersionId", result.version().versionId());
        out.put("VersionStages", result.version().stages());
        return out;
    }

    /** DescribeSecret's response; KmsKeyId only for a customer managed key, as AWS answers. */
    static Map<String, Object> described(Secret secret) {
        return details(secret, "VersionIdsToStages");
    }

    /** ListSecrets: SecretList of SecretListEntry (the same details, versions as SecretVersionsToStages), NextToken. */
    static Map<String, Object> listed(List<Secret> secrets, int offset, int maxResults) {
        if (offset > secrets.size()) {
            throw SecretsManagerErrors.invalidNextToken();
        }
        int end = Math.min(secrets.size(), offset + maxResults);
        List<Object> page = new ArrayList<>();
        for (Secret secret : secrets.subList(offset, end)) {
            page.add(details(secret, "SecretVersionsToStages"));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("SecretList", page);
        if (end < secrets.size()) {
            out.put("NextToken", nextToken(end));
        }
        return out;
    }

    /** DeleteSecret: ARN, Name, DeletionDate. */
    static Map<String, Object> deleted(Secrets.Deletion deletion) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ARN", deletion.arn());
        out.put("Name", deletion.name());
        out.put("DeletionDate", time(deletion.deletionDate()));
        return out;
    }

    /** RestoreSecret: ARN, Name. */
    static Map<String, Object> restored(Secret secret) {
        return named(secret);
    }

    private static Map<String, Object> details(Secret secret, String versionsMember) {
        Map<String, Object> out = named(secret);
        secret.description().ifPresent(d -> out.put("Description", d));
        secret.customerKmsKeyId().ifPresent(k -> out.put("KmsKeyId", k));
        out.put("LastChangedDate", time(secret.lastChangedDate()));
        secret.lastAccessedDate().ifPresent(d -> out.put("LastAccessedDate", time(d)));
        secret.deletionDate().ifPresent(d -> out.put("DeletedDate", time(d)));
        if (!secret.tags().isEmpty()) {
            List<Object> tags = new ArrayList<>();
            secret.tags().forEach((k, v) -> tags.add(Map.of("Key", k, "Value", v)));
            out.put("Tags", tags);
        }
        Map<String, List<String>> stages = secret.versionIdsToStages();
        if (!stages.isEmpty()) {
            out.put(versionsMember, stages);
        }
        out.put("CreatedDate", time(secret.createdDate()));
        return out;
    }

    private static Map<String, Object> named(Secret secret) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ARN", secret.arn());
        out.put("Name", secret.name());
        return out;
    }

    /** Epoch seconds with milliseconds, written plain ({@code 1767603600.000}), as AWS writes them. */
    static BigDecimal time(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3);
    }
}
