package io.consulfactory.local.cloud.autoscaling;

import io.consulfactory.local.cloud.QueryParams;
import io.consulfactory.local.cloud.Xml;

import java.util.ArrayList;
import java.util.List;

import static io.consulfactory.local.cloud.Xml.el;
import static io.consulfactory.local.cloud.Xml.node;

/** One page of a Describe call's list, by its MaxRecords and NextToken (ours: the offset of the next item). */
final class PageWire {

    private PageWire() {
    }

    /** The list element and, when more items follow, the NextToken that continues it. */
    static List<Xml> page(String listName, List<Xml> items, QueryParams p, int defaultSize, int maxSize) {
        Integer asked = p.integer("MaxRecords");
        if (asked != null && (asked < 1 || asked > maxSize)) {
            throw AutoScalingErrors.maxRecordsOutOfRange(maxSize);
        }
        int size = asked == null ? defaultSize : asked;
        int from;
        try {
            from = p.has("NextToken") ? Integer.parseInt(p.get("NextToken")) : 0;
        } catch (NumberFormatException e) {
            throw AutoScalingErrors.invalidNextToken(p.get("NextToken"));
        }
        if (from < 0 || from > items.size()) {
            throw AutoScalingErrors.invalidNextToken(String.valueOf(from));
        }
        int to = Math.min(items.size(), from + size);
        List<Xml> out = new ArrayList<>();
        out.add(node(listName, items.subList(from, to)));
        if (to < items.size()) {
            out.add(el("NextToken", to));
        }
        return out;
    }
}
