package io.consulfactory.local.cloud.autoscaling;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A group's tags (state only). A tag marked PropagateAtLaunch is copied to each instance when it is launched, so a
 * change reaches the instances launched afterwards only
 * (https://docs.aws.amazon.com/autoscaling/ec2/userguide/autoscaling-tagging.html: "If you create or modify a tag for
 * an Auto Scaling group, these changes are not made to instances that are already running in the Auto Scaling group").
 */
final class GroupTags {

    /**
     * https://docs.aws.amazon.com/autoscaling/ec2/userguide/autoscaling-tagging.html, tag restrictions: "The maximum
     * number of tags per resource is 50".
     */
    static final int MAX_TAGS = 50;

    record Tag(String key, String value, boolean propagate) {
    }

    private final Map<String, Tag> tags = new LinkedHashMap<>();

    /** Creates or overwrites the tags (CreateOrUpdateTags: "overwrites the previous tag definition"), all or none. */
    void put(String groupName, Collection<Tag> given) {
        Map<String, Tag> next = new LinkedHashMap<>(tags);
        given.forEach(t -> next.put(t.key(), t));
        // "aws:"-prefixed tags "do not count toward your limit of tags per Auto Scaling group".
        if (next.keySet().stream().filter(k -> !k.startsWith("aws:")).count() > MAX_TAGS) {
            throw AutoScalingErrors.tooManyTags(groupName);
        }
        tags.clear();
        tags.putAll(next);
    }

    /** DeleteTags: by key; "If you specify a value and the value is incorrect, the tag is not deleted". */
    void delete(String key, String valueOrNull) {
        Tag t = tags.get(key);
        if (t != null && (valueOrNull == null || valueOrNull.equals(t.value()))) {
            tags.remove(key);
        }
    }

    Collection<Tag> all() {
        return tags.values();
    }

    Tag get(String key) {
        return tags.get(key);
    }

    /** The tags a newly launched instance gets. */
    Map<String, String> propagated() {
        Map<String, String> out = new LinkedHashMap<>();
        tags.values().stream().filter(Tag::propagate).forEach(t -> out.put(t.key(), t.value()));
        return out;
    }
}
