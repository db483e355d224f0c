package io.consulfactory.local.cloud.ec2;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The filters of a describe call ({@code Filter.N.Name} / {@code Filter.N.Value.M}, read by {@link Ec2FiltersWire}):
 * values of one filter are OR-ed, filters are AND-ed, values may use the wildcards {@code *} and {@code ?}
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Filter.html). Tag filters ({@code tag:<key>},
 * {@code tag-key}, {@code tag-value}) work on any resource; other names are the resource's own.
 */
public record Ec2Filters(List<Filter> filters) {

    /** No filter: everything matches. */
    public static final Ec2Filters NONE = new Ec2Filters(List.of());

    /** One filter: its name and its values as patterns. */
    public record Filter(String name, List<Pattern> values) {

        /** The filter of that name with those values, wildcards and all. */
        public static Filter of(String name, List<String> values) {
            return new Filter(name, values.stream().map(Filter::wildcard).toList());
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

    public Ec2Filters {
        filters = List.copyOf(filters);
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
                    throw Ec2Errors.invalidFilter(filter.name);
                }
            }
            boolean any = actual.stream().anyMatch(a -> filter.values.stream().anyMatch(v -> v.matcher(a).matches()));
            if (!any) {
                return false;
            }
        }
        return true;
    }
}
