package io.consulfactory.local.cloud.iam;

import io.consulfactory.local.cloud.QueryParams;
import io.consulfactory.local.cloud.Xml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An IAM request's parameters, checked as IAM checks them: a broken constraint is a
 * {@code ValidationError} (400) in IAM's words, naming the member in camelCase ({@code roleName})
 * ({@link IamErrors#validationError}). Names, paths and their patterns are those of each operation's API reference
 * (e.g. https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html) and of
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-friendly-names.
 */
final class IamParamsWire {

    static final Pattern NAME = Pattern.compile("[\\w+=,.@-]+");
    static final Pattern PATH = Pattern.compile("(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)");
    static final Pattern PATH_PREFIX = Pattern.compile("\\u002F[\\u0021-\\u007F]*");
    static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+");
    private static final int DEFAULT_MAX_ITEMS = 100;

    private final QueryParams params;

    IamParamsWire(QueryParams params) {
        this.params = params;
    }

    /** A required name: role, instance profile or policy name ({@code [\w+=,.@-]+}, 1 to {@code max}). */
    String name(String param, int max) {
        String value = required(param);
        checkLength(param, value, 1, max);
        if (!NAME.matcher(value).matches()) {
            throw IamErrors.validationError(param, value, "Member must satisfy regular expression pattern: " + NAME.pattern());
        }
        return value;
    }

    String required(String param) {
        String value = params.get(param);
        if (value == null) {
            throw IamErrors.validationError(param, null, "Member must not be null");
        }
        return value;
    }

    String optional(String param) {
        return params.get(param);
    }

    /**
     * A path: {@code /} or {@code /a/b/}, beginning and ending with a slash; {@code /} when absent
     * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-friendly-names).
     */
    String path() {
        String path = params.get("Path", "/");
        checkLength("Path", path, 1, 512);
        if (!PATH.matcher(path).matches()) {
            throw IamErrors.validationError("Path", path, "Member must satisfy regular expression pattern: " + PATH.pattern());
        }
        return path;
    }

    String pathPrefix() {
        String prefix = params.get("PathPrefix", "/");
        checkLength("PathPrefix", prefix, 1, 512);
        if (!PATH_PREFIX.matcher(prefix).matches()) {
            throw IamErrors.validationError("PathPrefix", prefix, "Member must satisfy regular expression pattern: " + PATH_PREFIX.pattern());
        }
        return prefix;
    }

    String description() {
        String description = params.get("Description");
        if (description != null) {
            checkLength("Description", description, 0, 1000);
        }
        return description;
    }

    /**
     * {@code MaxSessionDuration}: 1 to 12 hours, in seconds; {@code fallback} when absent
     * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html).
     */
    int maxSessionDuration(int fallback) {
        String raw = params.get("MaxSessionDuration");
        if (raw == null) {
            return fallback;
        }
        int value = integer("MaxSessionDuration", raw);
        if (value < 3600) {
            throw IamErrors.validationError("MaxSessionDuration", raw, "Member must have value greater than or equal to 3600");
        }
        if (value > 43200) {
            throw IamErrors.validationError("MaxSessionDuration", raw, "Member must have value less than or equal to 43200");
        }
        return value;
    }

    /** {@code Tags.member.N.Key}/{@code .Value}, checked as IAM checks tags (https://docs.aws.amazon.com/IAM/latest/APIReference/API_Tag.html). */
    Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        int index = 0;
        for (QueryParams tag : params.list("Tags")) {
            index++;
            String member = "tags." + index + ".member";
            String key = tag.get("Key");
            String value = tag.get("Value");
            if (key == null) {
                throw IamErrors.validationError(member + ".key", null, "Member must not be null");
            }
            if (value == null) {
                throw IamErrors.validationError(member + ".value", null, "Member must not be null");
            }
            checkLength(member + ".key", key, 1, 128);
            if (!TAG_KEY.matcher(key).matches()) {
                throw IamErrors.validationError(member + ".key", key, "Member must satisfy regular expression pattern: " + TAG_KEY.pattern());
            }
            checkLength(member + ".value", value, 0, 256);
            if (tags.keySet().stream().anyMatch(key::equalsIgnoreCase)) {
                throw IamErrors.duplicateTagKeys();
            }
            tags.put(key, value);
        }
        return tags;
    }

    List<String> tagKeys() {
        List<String> keys = params.strings("TagKeys");
        if (keys.isEmpty() && !params.has("TagKeys")) {
            throw IamErrors.validationError("TagKeys", null, "Member must not be null");
        }
        return keys;
    }

    /**
     * One page of a list as IAM answers it: the list, {@code IsTruncated}, and {@code Marker} when there is
     * more. Simplification: the marker is the index of the next item.
     */
    List<Xml> page(String listName, List<Xml> items) {
        int maxItems = DEFAULT_MAX_ITEMS;
        String rawMax = params.get("MaxItems");
        if (rawMax != null) {
            maxItems = integer("MaxItems", rawMax);
            if (maxItems < 1) {
                throw IamErrors.validationError("MaxItems", rawMax, "Member must have value greater than or equal to 1");
            }
            if (maxItems > 1000) {
                throw IamErrors.validationError("MaxItems", rawMax, "Member must have value less than or equal to 1000");
            }
        }
        int start = 0;
        String marker = params.get("Marker");
        if (marker != null) {
            try {
                start = Integer.parseInt(marker);
            } catch (NumberFormatException e) {
                throw IamErrors.invalidMarker(marker);
            }
            if (start < 0 || start > items.size()) {
                throw IamErrors.invalidMarker(marker);
            }
        }
        int end = Math.min(items.size(), start + maxItems);
        List<Xml> page = new ArrayList<>();
        page.add(Xml.list(listName, "member", items.subList(start, end)));
        page.add(Xml.el("IsTruncated", end < items.size()));
        if (end < items.size()) {
            page.add(Xml.el("Marker", end));
        }
        return page;
    }

    private static int integer(String param, String raw) {
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw IamErrors.validationError(param, raw, "Member must be an integer");
        }
    }

    private static void checkLength(String param, String value, int min, int max) {
        if (value.length() < min) {
            throw IamErrors.validationError(param, value, "Member must have length greater than or equal to " + min);
        }
        if (value.length() > max) {
            throw IamErrors.validationError(param, value, "Member must have length less than or equal to " + max);
        }
    }
}
