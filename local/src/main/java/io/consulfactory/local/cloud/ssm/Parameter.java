package io.consulfactory.local.cloud.ssm;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One String parameter as the local Parameter Store holds it: immutable, replaced on every change.
 *
 * @param writes how many times it was put or published; a seeded public parameter has none, yet shows version 1
 * @param tags   its tags, in the order they were first given
 */
record Parameter(String name, String value, int writes, Map<String, String> tags) {

    Parameter {
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    /** The Version GetParameter shows (a publish does not raise a seeded parameter's version 1 the first time). */
    int version() {
        return Math.max(1, writes);
    }

    /** A public parameter AWS publishes ({@code /aws/service/...}), not the account's own. */
    boolean isPublic() {
        return name.startsWith("/aws/");
    }

    Parameter written(String newValue) {
        return new Parameter(name, newValue, writes + 1, tags);
    }

    Parameter withTags(Map<String, String> newTags) {
        return new Parameter(name, value, writes, newTags);
    }
}
