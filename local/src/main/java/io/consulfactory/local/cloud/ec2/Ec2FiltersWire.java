package io.consulfactory.local.cloud.ec2;

import io.consulfactory.local.cloud.QueryParams;

import java.util.ArrayList;
import java.util.List;

/**
 * A describe call's {@code Filter.N.Name} / {@code Filter.N.Value.M} parameters, read into {@link Ec2Filters} for the
 * state to apply: every EC2 describe wire calls {@link #parse} and hands the result on.
 */
public final class Ec2FiltersWire {

    private Ec2FiltersWire() {
    }

    /** The request's filters, in index order; a filter without a Name is AWS's {@code MissingParameter}. */
    public static Ec2Filters parse(QueryParams params) {
        List<Ec2Filters.Filter> filters = new ArrayList<>();
        for (QueryParams filter : params.list("Filter")) {
            String name = filter.required("Name");
            filters.add(Ec2Filters.Filter.of(name, filter.strings("Value")));
        }
        return new Ec2Filters(filters);
    }
}
