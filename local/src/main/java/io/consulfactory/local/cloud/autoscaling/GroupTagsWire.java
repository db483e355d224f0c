package io.consulfactory.local.cloud.autoscaling;

import io.consulfactory.local.cloud.QueryParams;
import io.consulfactory.local.cloud.Xml;

import java.util.ArrayList;
import java.util.List;

import static io.consulfactory.local.cloud.Xml.el;
import static io.consulfactory.local.cloud.Xml.node;

/**
 * Group tags on the wire: CreateOrUpdateTags, DeleteTags and DescribeTags; {@code Tags.member.N.*} in (those and
 * CreateAutoScalingGroup), TagDescription members out, and DescribeTags' filters ({@code auto-scaling-group},
 * {@code key}, {@code value}, {@code propagate-at-launch}: values of one filter OR-ed, filters AND-ed,
 * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_DescribeTags.html). The rules are {@link Groups}'.
 */
final class GroupTagsWire {

    private final Groups groups;

    GroupTagsWire(Groups groups) {
        this.groups = groups;
    }

    Object createOrUpdate(QueryParams p) {
        groups.createOrUpdateTags(tags(p));
        return null;
    }

    Object delete(QueryParams p) {
        groups.deleteTags(tags(p));
        return null;
    }

    Object describe(QueryParams p) {
        List<QueryParams> filters = filters(p);
        List<Xml> items = new ArrayList<>();
        for (Group g : groups.all()) {
            for (GroupTags.Tag t : g.tags.all()) {
                if (matches(filters, g.name, t)) {
                    items.add(tagXml(g.name, t));
                }
            }
        }
        return PageWire.page("Tags", items, p, 50, 100);
    }

    static List<Groups.TagRequest> tags(QueryParams p) {
        return p.list("Tags").stream().map(t -> {
            String type = t.get("ResourceType");
            if (type != null && !type.equals("auto-scaling-group")) {
                throw AutoScalingErrors.invalidTagResource(type);
            }
            return new Groups.TagRequest(t.get("ResourceId"), new GroupTags.Tag(t.required("Key"), t.get("Value", ""),
                    Boolean.parseBoolean(t.get("PropagateAtLaunch", "false"))), t.has("Value"));
        }).toList();
    }

    private static final List<String> FILTERS = List.of("auto-scaling-group", "key", "value", "propagate-at-launch");

    /** DescribeTags' filters, refused when one is not DescribeTags' (whether or not any tag exists). */
    private static List<QueryParams> filters(QueryParams p) {
        List<QueryParams> filters = p.list("Filters");
        for (QueryParams filter : filters) {
            if (!FILTERS.contains(filter.required("Name"))) {
                throw AutoScalingErrors.unknownTagFilter(filter.get("Name"));
            }
        }
        return filters;
    }

    /** Whether a group's tag passes every DescribeTags filter. */
    private static boolean matches(List<QueryParams> filters, String groupName, GroupTags.Tag tag) {
        for (QueryParams filter : filters) {
            String name = filter.required("Name");
            List<String> values = filter.strings("Values");
            String actual = switch (name) {
                case "auto-scaling-group" -> groupName;
                case "key" -> tag.key();
                case "value" -> tag.value();
                case "propagate-at-launch" -> String.valueOf(tag.propagate());
                default -> throw AutoScalingErrors.unknownTagFilter(name);
            };
            if (!values.contains(actual)) {
                return false;
            }
        }
        return true;
    }

    static Xml tagXml(String groupName, GroupTags.Tag t) {
        return node("member", el("ResourceId", groupName), el("ResourceType", "auto-scaling-group"), el("Key", t.key()),
                el("Value", t.value()), el("PropagateAtLaunch", t.propagate()));
    }
}
