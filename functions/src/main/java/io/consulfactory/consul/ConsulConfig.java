package io.consulfactory.consul;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consulfactory.lambda.Json;
import io.consulfactory.spec.ClusterSpec;

/**
 * The server's {@code /opt/consul/consul.d/0-consul.json}, built as data and serialised by Jackson, with
 * Consul's current option names (https://developer.hashicorp.com/consul/docs/agent/config/config-files).
 * The image is shared by every server, so {@code bind_addr} is a placeholder the boot script replaces with
 * the instance's private IP. The server count is not in this file either: {@code bootstrap_expect} and
 * {@code autopilot.min_quorum} come from the instance tag {@code consul-server-count}, which the boot script
 * writes into {@code 1-servers.json} (contract, issue 12), so a resize needs no rebake.
 */
public final class ConsulConfig {

    /** What the boot script replaces with the instance's private IPv4 address. */
    public static final String BIND_ADDR_PLACEHOLDER = "__CONSUL_BIND_ADDR__";
    public static final String DATA_DIR = "/opt/consul/data";

    private ConsulConfig() {
    }

    public static ObjectNode of(ClusterSpec spec, String region) {
        ObjectNode config = Json.MAPPER.createObjectNode()
                .put("server", true)
                // No bootstrap_expect: the boot script's 1-servers.json sets it from the consul-server-count tag.
                .put("datacenter", spec.datacenter())
                .put("data_dir", DATA_DIR)
                .put("log_level", "INFO")
                .put("enable_syslog", true)
                // A server that is terminated (scale-in, instance refresh) leaves the raft peer set cleanly.
                .put("leave_on_terminate", true)
                .put("bind_addr", BIND_ADDR_PLACEHOLDER)
                // The API and DNS listen on every interface; the security group limits who reaches them.
                .put("client_addr", "0.0.0.0")
                .put("disable_update_check", true);
        // Cloud auto-join (go-discover): servers find each other by EC2 tag through ec2:DescribeInstances.
        // This replaced the retry_join_ec2 block that Consul 1.0 removed.
        config.putArray("retry_join").add("provider=aws region=" + region + " tag_key=" + spec.joinTag().key()
                + " tag_value=" + spec.joinTag().value());
        config.putObject("ui_config").put("enabled", true);
        config.putObject("autopilot")
                // Replaced servers are removed from the raft peers instead of counting against quorum...
                .put("cleanup_dead_servers", true)
                // ...but never below the cluster's size. min_quorum is in 1-servers.json (from the tag), and
                // after bootstrap the leader's status reporter keeps autopilot's MinQuorum at the tag's count.
                .put("last_contact_threshold", "200ms")
                .put("max_trailing_logs", 250)
                // A new server must be healthy this long before it becomes a voter: a rolling
                // replacement never counts an unproven server towards the majority.
                .put("server_stabilization_time", "10s");
        // HashiCorp's production recommendation: raft timing for servers of production size.
        config.putObject("performance").put("raft_multiplier", 1);
        return config;
    }

    /** The file's text: pretty-printed JSON, one key per line (the boot script edits bind_addr's line). */
    public static String render(ClusterSpec spec, String region) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(of(spec, region)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
