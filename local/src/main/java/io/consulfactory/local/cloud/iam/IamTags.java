package io.consulfactory.local.cloud.iam;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tags on IAM roles, instance profiles and policies. Keys are case-insensitive
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html): a new value for an existing key replaces it,
 * and removing a key removes it in any case.
 */
final class IamTags {

    private IamTags() {
    }

    static Map<String, String> merged(Map<String, String> tags, Map<String, String> added) {
        Map<String, String> result = new LinkedHashMap<>(tags);
        added.forEach((k, v) -> {
            result.keySet().removeIf(k::equalsIgnoreCase);
            result.put(k, v);
        });
        return result;
    }

    static Map<String, String> without(Map<String, String> tags, List<String> keys) {
        Map<String, String> result = new LinkedHashMap<>(tags);
        keys.forEach(k -> result.keySet().removeIf(k::equalsIgnoreCase));
        return result;
    }
}
