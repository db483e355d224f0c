package io.consulfactory.teardown;

import java.util.List;

/**
 * Something carries one of the cluster's names but was not made by the factory (no {@code managed-by} and
 * {@code consul-cluster} tags, or an IAM path other than the factory's). A teardown never removes it: it fails,
 * naming each one and why, before it changes anything. Retrying cannot help.
 */
public class ForeignResourceException extends RuntimeException {

    private final List<String> resources;

    public ForeignResourceException(String clusterName, List<String> resources) {
        super("Refusing to tear down cluster " + clusterName + ": " + String.join("; ", resources) + ". The teardown"
                + " removes only what the factory made and has changed nothing; remove or rename "
                + (resources.size() == 1 ? "it" : "them") + " yourself if " + (resources.size() == 1 ? "it belongs" : "they belong")
                + " to the cluster, then run the teardown again.");
        this.resources = List.copyOf(resources);
    }

    public List<String> resources() {
        return resources;
    }
}
