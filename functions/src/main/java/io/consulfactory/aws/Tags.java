package io.consulfactory.aws;

/** Tag keys and values the factory writes on everything it makes, and finds things by. */
public final class Tags {

    public static final String CLUSTER = "consul-cluster";
    public static final String MANAGED_BY = "managed-by";
    public static final String MANAGED_BY_VALUE = "consul-cluster-factory";
    public static final String ROLE = "role";

    private Tags() {
    }
}
