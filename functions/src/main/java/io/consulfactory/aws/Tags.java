package io.consulfactory.aws;

import io.consulfactory.spec.ClusterSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Tag keys and values the factory writes on everything it makes, and finds things by. */
public final class Tags {

    public static final String CLUSTER = "consul-cluster";
    public static final String MANAGED_BY = "managed-by";
    public static final String MANAGED_BY_VALUE = "consul-cluster-factory";
    public static final String ROLE = "role";
    /** On the Auto Scaling group (propagated to its servers): how many servers the cluster runs; the boot script reads it. */
    public static final String SERVER_COUNT = "consul-server-count";

    private Tags() {
    }

    /**
     * The tags every resource of a cluster carries: the join tag Consul's cloud auto-join looks for,
     * the cluster name, and who manages it.
     */
    public static Map<String, String> forCluster(ClusterSpec spec) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(spec.joinTag().key(), spec.joinTag().value());
        tags.put(CLUSTER, spec.clusterName());
        tags.put(MANAGED_BY, MANAGED_BY_VALUE);
        return tags;
    }

    /**
     * The cluster's tags for what auto-join must not find (the builder, the clients' group): without the join
     * tag, unless the join tag is the cluster tag itself, which they keep (it is how the factory finds its own).
     */
    public static Map<String, String> withoutJoinTag(ClusterSpec spec) {
        Map<String, String> tags = forCluster(spec);
        if (!spec.joinTag().key().equals(CLUSTER)) {
            tags.remove(spec.joinTag().key());
        }
        return tags;
    }

    /** The tags as EC2 takes them, in order. */
    public static List<software.amazon.awssdk.services.ec2.model.Tag> ec2(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> software.amazon.awssdk.services.ec2.model.Tag.builder()
                .key(e.getKey()).value(e.getValue()).build()).toList();
    }
}
