package io.consulfactory.local.cloud.ec2;

import io.consulfactory.local.cloud.QueryParams;
import io.consulfactory.local.cloud.Xml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.consulfactory.local.cloud.Xml.el;
import static io.consulfactory.local.cloud.Xml.node;

/**
 * CreateTags, DeleteTags and DescribeTags on the wire, over {@link Ec2Tags}; and the {@code TagSpecification.N}
 * parameters of the actions that tag what they make (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_TagSpecification.html),
 * for every EC2 wire to read.
 */
public final class Ec2TagsWire {

    private final Ec2Tags tags;

    Ec2TagsWire(Ec2Tags tags) {
        this.tags = tags;
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
                throw Ec2Errors.notTaggableHere(type);
            }
        }
    }

    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateTags.html
    Object createTags(QueryParams p) {
        List<String> ids = p.strings("ResourceId");
        ids.forEach(tags::requireKnown);
        tags.create(ids, p.tags("Tag"));
        return el("return", true);
    }

    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteTags.html: a Tag without a Value deletes the key whatever its value.
    Object deleteTags(QueryParams p) {
        List<String> ids = p.strings("ResourceId");
        ids.forEach(tags::requireKnown);
        for (QueryParams tag : p.list("Tag")) {
            tags.delete(ids, tag.required("Key"), tag.get("Value"));
        }
        return el("return", true);
    }

    Object describeTags(QueryParams p) {
        List<Xml> items = new ArrayList<>();
        for (Ec2Tags.Tag t : tags.describe(Ec2FiltersWire.parse(p))) {
            items.add(node("item", el("resourceId", t.resourceId()), el("resourceType", t.resourceType()),
                    el("key", t.key()), el("value", t.value())));
        }
        return node("tagSet", items);
    }
}
