package io.consulfactory.local.consul;

/**
 * What a Consul API call to the model answers instead of a result. The catalogue of the model's errors, each
 * with the words Consul uses (developer.hashicorp.com/consul/api-docs: a 500 with "No cluster leader" while
 * raft has no leader).
 */
public final class ConsulError extends RuntimeException {

    private final int status;

    private ConsulError(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status Consul's API answers with. */
    public int status() {
        return status;
    }

    /** Consul's own words for an API call while raft has no leader (e.g. {@code consul snapshot save}). */
    static final String NO_LEADER = "No cluster leader";

    /** Raft has no leader: no write commits and no consistent read is served. */
    static ConsulError noClusterLeader(String clusterName) {
        return new ConsulError(500, "Unexpected response code: 500 (No cluster leader) from cluster " + clusterName);
    }

    /** No Consul server runs on an instance tagged {@code consul-cluster=<name>}: nothing answers. */
    static ConsulError noServers(String clusterName) {
        return new ConsulError(503, "No known Consul servers: no server agent runs on an instance tagged consul-cluster="
                + clusterName);
    }
}
