package io.consulfactory.local.cloud.ec2;

import io.consulfactory.local.cloud.AwsError;
import io.consulfactory.local.cloud.QueryParams;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * EC2's {@code Filter.N.Name} / {@code Filter.N.Value.M}: values of one filter are OR-ed, filters are
 * AND-ed, values may use the wildcards {@code *} and {@code ?}. Tag filters ({@code tag:<key>},
 * {@code tag-key}, {@code tag-value}) work on any resource; other names are the resource's own.
 */
public record Ec2Filters(List<Filter> filters) {

    public record Filter(String name, List<Pattern> values) {
    }

    public static Ec2Filters parse(QueryParams params) {
        List<Filter> filters = new ArrayList<>();
        for (QueryParams filter : params.list("Filter")) {
            String name = filter.required("Name");
            List<Pattern> values = filter.strings("Value").stream().map(Ec2Filters::wildcard).toList();
            filters.add(new Filter(name, values));
        }
        return new Ec2Filters(filters);
    }

    /**
     * @param attributes the resource's values for a filter name, or {@code null} when the resource has no
     *                   such filter (an error, as in AWS)
     */
    public boolean matches(Map<String, String> tags, Function<String, List<String>> attributes) {
        for (Filter filter : filters) {
            List<String> actual;
            if (filter.name.startsWith("tag:")) {
                String value = tags.get(filter.name.substring(4));
                actual = value == null ? List.of() : List.of(value);
            } else if (filter.name.equals("tag-key")) {
                actual = List.copyOf(tags.keySet());
            } else if (filter.name.equals("tag-value")) {
                actual = List.copyOf(tags.values());
            } else {
                actual = attributes.apply(filter.name);
                if (actual == null) {
                    throw AwsError.client("InvalidParameterValue", "The filter '" + filter.name + "' is invalid");
                }
            }
            boolean any = actual.stream().anyMatch(a -> filter.values.stream().anyMatch(v -> v.matcher(a).matches()));
            if (!any) {
                return false;
            }
        }
        return true;
    }

    private static Pattern wildcard(String value) {
        StringBuilder regex = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
