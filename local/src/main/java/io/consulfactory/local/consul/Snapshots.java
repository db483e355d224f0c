package io.consulfactory.local.consul;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Issue 15's snapshots of a cluster's replicated state (what {@code consul snapshot save} writes and
 * {@code consul snapshot restore} reads: developer.hashicorp.com/consul/commands/snapshot, "a point-in-time snapshot
 * of the state of the Consul servers ... key/value entries, service catalog, prepared queries, sessions, and ACL"),
 * and the contract's object key {@code <cluster>/<yyyyMMdd'T'HHmmss'Z'>-<raft index>.snap}.
 *
 * <p>Simplification: the model's replicated state is its KV marker and its ACL tokens, and a snapshot is that state
 * as JSON ({@code {"format": ..., "cluster", "datacenter", "index", "term", "kv": {...}, "acl_tokens": [...]}}), not
 * Consul's gzipped tar of raft's state and metadata. Like Consul's, it holds the ACL tokens' SecretIDs: it is as
 * secret as the cluster's management token, which is why only the servers' own role may read their prefix.
 */
final class Snapshots {

    static final String FORMAT = "consul-cluster-factory/local-consul-snapshot";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter KEY_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** The state a snapshot restores. */
    record State(long index, Map<String, String> kv, Set<String> aclTokens) {
    }

    private Snapshots() {
    }

    /** {@code <cluster>/<yyyyMMdd'T'HHmmss'Z'>-<raft index>.snap}: UTC, so keys sort by time. */
    static String key(String cluster, Instant at, long index) {
        return cluster + "/" + KEY_TIME.format(at) + "-" + index + ".snap";
    }

    static byte[] save(String cluster, String datacenter, RaftGroup g) {
        RaftGroup.Replica replica = g.leaderReplica();
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", 1);
        root.put("cluster", cluster);
        root.put("datacenter", datacenter);
        root.put("index", replica.index());
        root.put("term", g.term);
        ObjectNode kv = root.putObject("kv");
        replica.kv().forEach(kv::put);
        new TreeSet<>(g.aclTokens).forEach(root.putArray("acl_tokens")::add);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The state in a snapshot's bytes.
     *
     * @throws IllegalArgumentException with the reason when they are not a snapshot of this format
     */
    static State read(byte[] data) {
        JsonNode root;
        try {
            root = JSON.readTree(data);
        } catch (IOException e) {
            throw new IllegalArgumentException("the object is not a Consul snapshot");
        }
        if (root == null || !FORMAT.equals(root.path("format").asText()) || !root.path("kv").isObject()) {
            throw new IllegalArgumentException("the object is not a Consul snapshot");
        }
        Map<String, String> kv = new LinkedHashMap<>();
        root.get("kv").fields().forEachRemaining(e -> kv.put(e.getKey(), e.getValue().asText()));
        Set<String> tokens = new TreeSet<>();
        root.path("acl_tokens").forEach(t -> tokens.add(t.asText()));
        return new State(root.path("index").asLong(), java.util.Collections.unmodifiableMap(kv), tokens);
    }
}
