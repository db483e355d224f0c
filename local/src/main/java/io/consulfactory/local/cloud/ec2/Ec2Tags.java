package io.consulfactory.local.cloud.ec2;

import io.consulfactory.local.cloud.AwsError;
import io.consulfactory.local.cloud.QueryParams;
import io.consulfactory.local.cloud.Xml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.consulfactory.local.cloud.Xml.el;
import static io.consulfactory.local.cloud.Xml.node;

/** The tags of every EC2 resource, by id, and CreateTags / DeleteTags / DescribeTags over all of them. */
public final class Ec2Tags {

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

    /** The tags of {@code TagSpecification.N} for one resource type (atomic tagging at creation). */
    public static Map<String, String> fromSpecifications(QueryParams params, String resourceType) {
        Map<String, String> result = new LinkedHashMap<>();
        for (QueryParams spec : params.list("TagSpecification")) {
            String type = spec.required("ResourceType");
            if (type.equals(resourceType)) {
                result.putAll(spec.tags("Tag"));
            }
        }
        return result;
    }

    /** Rejects tag specifications for types the action does not make, as EC2 does. */
    public static void requireSpecificationTypes(QueryParams params, Set<String> allowed) {
        for (QueryParams spec : params.list("TagSpecification")) {
            String type = spec.required("ResourceType");
            if (!allowed.contains(type)) {
                throw AwsError.client("InvalidParameterValue", "'" + type + "' is not a valid taggable resource type for this operation.");
            }
        }
    }

    Object createTags(QueryParams p) {
        List<String> ids = p.strings("ResourceId");
        ids.forEach(this::requireKnown);
        Map<String, String> newTags = p.tags("Tag");
        for (String key : newTags.keySet()) {
            if (key.toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
                throw AwsError.client("InvalidParameterValue", "Tag keys starting with 'aws:' are reserved for internal use");
            }
        }
        ids.forEach(id -> of(id).putAll(newTags));
        return el("return", true);
    }

    Object deleteTags(QueryParams p) {
        List<String> ids = p.strings("ResourceId");
        ids.forEach(this::requireKnown);
        for (QueryParams tag : p.list("Tag")) {
            String key = tag.required("Key");
            String value = tag.get("Value");
            for (String id : ids) {
                Map<String, String> resourceTags = of(id);
                if (value == null || value.equals(resourceTags.get(key))) {
                    resourceTags.remove(key);
                }
            }
        }
        return el("return", true);
    }

    Object describeTags(QueryParams p) {
        Ec2Filters filters = Ec2Filters.parse(p);
        List<Xml> items = new ArrayList<>();
        tags.forEach((id, resourceTags) -> resourceTags.forEach((key, value) -> {
            boolean match = filters.matches(Map.of(), name -> switch (name) {
                case "resource-id" -> List.of(id);
                case "resource-type" -> List.of(types.getOrDefault(id, ""));
                case "key" -> List.of(key);
                case "value" -> List.of(value);
                default -> null;
            });
            if (match) {
                items.add(node("item", el("resourceId", id), el("resourceType", types.get(id)), el("key", key), el("value", value)));
            }
        }));
        return node("tagSet", items);
    }

    private void requireKnown(String id) {
        if (!types.containsKey(id)) {
            String prefix = id.contains("-") ? id.substring(0, id.indexOf('-')) : id;
            String code = switch (prefix) {
                case "sg" -> "InvalidGroup.NotFound";
                case "i" -> "InvalidInstanceID.NotFound";
                case "ami" -> "InvalidAMIID.NotFound";
                case "vpc" -> "InvalidVpcID.NotFound";
                case "subnet" -> "InvalidSubnetID.NotFound";
                case "snap" -> "InvalidSnapshot.NotFound";
                case "vol" -> "InvalidVolume.NotFound";
                case "lt" -> "InvalidLaunchTemplateId.NotFound";
                default -> "InvalidID";
            };
            throw AwsError.client(code, "The ID '" + id + "' is not valid");
        }
    }
}
