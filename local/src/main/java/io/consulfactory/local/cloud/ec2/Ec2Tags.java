package io.consulfactory.local.cloud.ec2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tags of every EC2 resource, by id, and the rules of CreateTags / DeleteTags / DescribeTags over all of them
 * (the wire is {@link Ec2TagsWire}). Simplification: of the tag restrictions
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Tags.html#tag-restrictions) only the reserved
 * {@code aws:} prefix is enforced, not the 50 tags per resource nor the key and value lengths.
 */
public final class Ec2Tags {

    /** One tag of one resource, as DescribeTags lists it. */
    record Tag(String resourceId, String resourceType, String key, String value) {
    }

    /** Each known resource's type as EC2 names it ({@code security-group}, {@code instance}, …). */
    private final Map<String, String> types = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> tags = new LinkedHashMap<>();

    /** Makes a resource known, so it can be tagged. */
    public void register(String resourceId, String resourceType) {
        types.put(resourceId, resourceType);
        tags.computeIfAbsent(resourceId, id -> new LinkedHashMap<>());
    }

    void reset() {
        types.clear();
        tags.clear();
    }

    public boolean isKnown(String resourceId) {
        return types.containsKey(resourceId);
    }

    public void forget(String resourceId) {
        types.remove(resourceId);
        tags.remove(resourceId);
    }

    /** The resource's tags (a live, ordered map). */
    public Map<String, String> of(String resourceId) {
        return tags.computeIfAbsent(resourceId, id -> new LinkedHashMap<>());
    }

    /** A resource CreateTags or DeleteTags may name, or the NotFound error of its kind. */
    void requireKnown(String resourceId) {
        if (!types.containsKey(resourceId)) {
            throw Ec2Errors.unknownResourceId(resourceId);
        }
    }

    /** CreateTags on known resources: the tags added to (or replaced on) each; keys may not start with {@code aws:}. */
    void create(List<String> resourceIds, Map<String, String> newTags) {
        for (String key : newTags.keySet()) {
            // https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Tags.html#tag-restrictions: aws: is reserved.
            if (key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
                throw Ec2Errors.reservedTagKey();
            }
        }
        resourceIds.forEach(id -> of(id).putAll(newTags));
    }

    /**
     * DeleteTags of one key on known resources: removed from each, whatever its value when {@code value} is
     * {@code null}, only where it has that value otherwise.
     */
    void delete(List<String> resourceIds, String key, String value) {
        for (String id : resourceIds) {
            Map<String, String> resourceTags = of(id);
            if (value == null || value.equals(resourceTags.get(key))) {
                resourceTags.remove(key);
            }
        }
    }

    /** DescribeTags: every tag of every resource the filters keep, resource by resource. */
    List<Tag> describe(Ec2Filters filters) {
        List<Tag> found = new ArrayList<>();
        tags.forEach((id, resourceTags) -> resourceTags.forEach((key, value) -> {
            boolean match = filters.matches(Map.of(), name -> switch (name) {
                case "resource-id" -> List.of(id);
                case "resource-type" -> List.of(types.getOrDefault(id, ""));
                case "key" -> List.of(key);
                case "value" -> List.of(value);
                default -> null;
            });
            if (match) {
                found.add(new Tag(id, types.get(id), key, value));
            }
        }));
        return found;
    }
}
