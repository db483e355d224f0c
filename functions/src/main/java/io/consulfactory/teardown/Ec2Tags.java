package io.consulfactory.teardown;

import software.amazon.awssdk.services.ec2.model.Tag;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** EC2's tag lists as maps, for {@link ClusterNames#ours}. */
final class Ec2Tags {

    private Ec2Tags() {
    }

    static Map<String, String> of(List<Tag> tags) {
        return tags == null ? Map.of() : tags.stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
    }
}
