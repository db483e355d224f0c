package io.consulfactory.local.consul;

import io.consulfactory.consul.BootSettings;
import io.consulfactory.consul.UserData;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.spec.ClusterSpec;
import io.consulfactory.spec.ClusterSpecParser;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model reads the server config from the product's own bake script, as the image holds it. */
class ServerConfigTest {

    private static ClusterSpec spec(String extra) {
        return ClusterSpecParser.parse("{\"clusterName\":\"consul-dc1\",\"vpcId\":\"vpc-0123456789abcdef0\",\"subnetIds\":"
                + "[\"subnet-0123456789abcdef0\"]" + extra + "}", null);
    }

    @Test
    void readsTheConfigTheBakeScriptInstalls() {
        String bake = UserData.bake(spec(",\"datacenter\":\"eu1\",\"consulVersion\":\"1.21.0\",\"joinTag\":{\"key\":\"consul-join\","
                + "\"value\":\"eu1-servers\"}"), "us-east-1").text();

        ServerConfig config = ServerConfig.fromBakeScript(bake);

        assertEquals("1.21.0", config.consulVersion());
        assertEquals("eu1", config.datacenter());
        assertEquals("aws", config.retryJoin().provider());
        assertEquals("us-east-1", config.retryJoin().region());
        assertEquals("consul-join", config.retryJoin().tagKey());
        assertEquals("eu1-servers", config.retryJoin().tagValue());
        assertTrue(config.leaveOnTerminate());
        assertTrue(config.autopilot().cleanupDeadServers());
        assertEquals(Duration.ofSeconds(10), config.autopilot().serverStabilizationTime());
        assertEquals(Duration.ofMillis(200), config.autopilot().lastContactThreshold());
        assertEquals(250, config.autopilot().maxTrailingLogs());
    }

    @Test
    void goDiscoverArgumentsMayBeQuoted() {
        ServerConfig.RetryJoin join = ServerConfig.RetryJoin.parse("provider=aws region=eu-west-1 tag_key=\"Consul Cluster\" tag_value=\"a \\\"b\\\"\"");

        assertEquals("eu-west-1", join.region());
        assertEquals("Consul Cluster", join.tagKey());
        assertEquals("a \"b\"", join.tagValue());
    }

    @Test
    void userDataThatIsNotTheFactorysBakeScriptHoldsNoConfig() {
        assertNull(ServerConfig.fromBakeScript(null));
        assertNull(ServerConfig.fromBakeScript(UserData.boot(BootSettings.secured(LocalAws.DEFAULT_REGION, "consul-dc1")).text()));
        assertNull(ServerConfig.fromBakeScript("CONSUL_CONFIG_B64='bm90IGpzb24='"), "not JSON");
    }

    @Test
    void goDurations() {
        assertEquals(Duration.ofSeconds(90), ServerConfig.duration("1m30s"));
        assertEquals(Duration.ofMillis(200), ServerConfig.duration("200ms"));
        assertEquals(Duration.ofHours(2), ServerConfig.duration("2h"));
    }
}
