package io.consulfactory.local.cloud;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameters of a query-protocol request. Lists come as {@code Name.1}, {@code Name.2} (EC2) or
 * {@code Name.member.1} (IAM, STS, Auto Scaling); {@link #list} reads both.
 */
public final class QueryParams {

    private final Map<String, String> values;

    public QueryParams(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public Map<String, String> asMap() {
        return values;
    }

    public String get(String name) {
        return values.get(name);
    }

    public String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** A required parameter; its absence is AWS's {@code MissingParameter}. */
    public String required(String name) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            throw AwsError.client("MissingParameter", "The request must contain the parameter " + name);
        }
        return value;
    }

    public Integer integer(String name) {
        String value = values.get(name);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw AwsError.client("InvalidParameterValue", "Invalid value '" + value + "' for " + name);
        }
    }

    /** The items of a list of structures, in index order, each with the prefix stripped from its keys. */
    public List<QueryParams> list(String name) {
        Pattern item = Pattern.compile(Pattern.quote(name) + "\\.(?:member\\.)?(\\d+)(?:\\.(.+))?");
        Map<Integer, Map<String, String>> byIndex = new TreeMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            Matcher m = item.matcher(e.getKey());
            if (m.matches()) {
                String rest = m.group(2) == null ? "" : m.group(2);
                byIndex.computeIfAbsent(Integer.valueOf(m.group(1)), i -> new LinkedHashMap<>()).put(rest, e.getValue());
            }
        }
        List<QueryParams> items = new ArrayList<>();
        byIndex.values().forEach(v -> items.add(new QueryParams(v)));
        return items;
    }

    /** The values of a list of strings ({@code Name.1=a&Name.2=b}). */
    public List<String> strings(String name) {
        return list(name).stream().map(p -> p.get("")).filter(v -> v != null).toList();
    }

    /** Tags given as {@code Name.N.Key}/{@code Name.N.Value}, in order. */
    public Map<String, String> tags(String name) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (QueryParams tag : list(name)) {
            tags.put(tag.required("Key"), tag.get("Value", ""));
        }
        return tags;
    }
}
