package io.consulfactory.consul;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consulfactory.spec.ClusterSpec;
import io.consulfactory.spec.ClusterSpecParser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsulConfigTest {

    static final ClusterSpec SPEC = spec(5);

    static ClusterSpec spec(int serverCount) {
        return ClusterSpecParser.parse("{\"clusterName\":\"consul-dc1\",\"vpcId\":\"vpc-0a1b2c3d\","
                + "\"subnetIds\":[\"subnet-0a1b2c3d\"],\"serverCount\":" + serverCount + ",\"datacenter\":\"eu-prod\","
                + "\"joinTag\":{\"key\":\"consul-join\",\"value\":\"prod-servers\"}}", null);
    }

    @Test
    void pinsEveryKeyAndValueOfTheServerConfig() throws Exception {
        JsonNode expected = new ObjectMapper().readTree("""
                {
                  "server": true,
                  "datacenter": "eu-prod",
                  "data_dir": "/opt/consul/data",
                  "log_level": "INFO",
                  "enable_syslog": true,
                  "leave_on_terminate": true,
                  "bind_addr": "__CONSUL_BIND_ADDR__",
                  "client_addr": "0.0.0.0",
                  "disable_update_check": true,
                  "retry_join": ["provider=aws region=eu-west-1 tag_key=consul-join tag_value=prod-servers"],
                  "ui_config": {"enabled": true},
                  "autopilot": {
                    "cleanup_dead_servers": true,
                    "last_contact_threshold": "200ms",
                    "max_trailing_logs": 250,
                    "server_stabilization_time": "10s"
                  },
                  "performance": {"raft_multiplier": 1}
                }""");

        assertEquals(expected, new ObjectMapper().readTree(ConsulConfig.render(SPEC, "eu-west-1")));
    }

    @Test
    void emitsNoRemovedOrRenamedOption() throws Exception {
        JsonNode config = new ObjectMapper().readTree(ConsulConfig.render(SPEC, "us-east-1"));
        List<String> keys = new ArrayList<>();
        collectKeys(config, keys);

        assertFalse(keys.contains("retry_join_ec2"), "removed in Consul 1.0: retry_join with provider=aws replaces it");
        assertFalse(keys.contains("ui"), "the boolean ui option was replaced by ui_config.enabled");
        assertTrue(keys.stream().noneMatch(k -> k.contains("-")), "config keys use underscores (bootstrap_expect, not bootstrap-expect): " + keys);
        assertTrue(config.get("ui_config").isObject());
    }

    @Test
    void leavesTheServerCountToTheInstanceTag() throws Exception {
        JsonNode config = new ObjectMapper().readTree(ConsulConfig.render(SPEC, "us-east-1"));

        // boot.sh writes both into 1-servers.json from the consul-server-count tag: a resize needs no rebake.
        assertFalse(config.has("bootstrap_expect"), config.toString());
        assertFalse(config.get("autopilot").has("min_quorum"), config.toString());
        assertEquals(ConsulConfig.render(SPEC, "us-east-1"), ConsulConfig.render(spec(3), "us-east-1"),
                "the baked config is the same whatever the server count");
    }

    @Test
    void bindAddrIsTheOnlyPlaceholderAndSitsOnItsOwnLine() {
        String text = ConsulConfig.render(SPEC, "us-east-1");

        assertEquals(1, text.lines().filter(l -> l.contains(ConsulConfig.BIND_ADDR_PLACEHOLDER)).count());
        assertTrue(text.lines().anyMatch(l -> l.strip().equals("\"bind_addr\" : \"__CONSUL_BIND_ADDR__\",")), text);
    }

    private static void collectKeys(JsonNode node, List<String> into) {
        if (node.isObject()) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                into.add(key);
                collectKeys(node.get(key), into);
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectKeys(child, into));
        }
    }
}
