package io.consulfactory.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.consulfactory.spec.ClusterSpecParserTest.MINIMAL;
import static io.consulfactory.spec.ClusterSpecParserTest.NETWORK;
import static io.consulfactory.spec.ClusterSpecParserTest.rejected;
import static io.consulfactory.spec.ClusterSpecParserTest.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13, item 3: values that parse as JSON but could not work are refused, naming the field and the rule. */
class ClusterSpecValuesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The one violation of the input, as "field: rule". */
    static String only(String input) {
        InvalidSpecException e = rejected(input);
        assertEquals(1, e.violations().size(), e.getMessage());
        return e.violations().get(0).toString();
    }

    static ClusterSpec parsed(String input) {
        return ClusterSpecParser.parse(input, null);
    }

    // --- joinTag: what go-discover can parse unquoted --------------------------------------------------------

    @Test
    void aJoinTagWithAnEqualsSignOrASpaceIsRefusedBecauseAutoJoinSplitsOnThem() {
        for (String bad : List.of("a=b", "=", "k=", "tag_value=x", "a b", "a\\tb", "a\\\"b", "a\\\\b", "")) {
            String key = only(with("\"joinTag\":{\"key\":\"" + bad + "\",\"value\":\"consul\"}"));
            assertTrue(key.startsWith("joinTag.key: "), key);
            String value = only(with("\"joinTag\":{\"key\":\"service\",\"value\":\"" + bad + "\"}"));
            assertTrue(value.startsWith("joinTag.value: "), value);
        }
        assertTrue(only(with("\"joinTag\":{\"key\":\"service\",\"value\":\"a=b\"}")).contains("no space or ="), "says why");
    }

    @Test
    void aJoinTagOfEveryOtherEc2TagCharacterIsKept() {
        ClusterSpec spec = parsed(with("\"joinTag\":{\"key\":\"team:consul/servers+1@x_y.z-w\",\"value\":\"A.b:c/d+e@f_g-h\"}"));

        assertEquals(new ClusterSpec.JoinTag("team:consul/servers+1@x_y.z-w", "A.b:c/d+e@f_g-h"), spec.joinTag());
    }

    // --- consulVersion: a minimum ------------------------------------------------------------------------------

    @Test
    void aConsulOlderThanTheConfigNeedsIsRefusedNamingTheMinimum() {
        for (String old : List.of("0.7.1", "1.0.0", "1.8.19", "0.9.99")) {
            String v = only(with("\"consulVersion\":\"" + old + "\""));
            assertEquals("consulVersion: '" + old + "' is older than 1.9.0, the oldest Consul the factory's server config"
                    + " runs on (its ui_config block came in Consul 1.9.0)", v);
        }
    }

    @Test
    void versionsCompareByNumberNotByText() {
        assertEquals("1.9.0", parsed(with("\"consulVersion\":\"1.9.0\"")).consulVersion());
        assertEquals("1.10.0", parsed(with("\"consulVersion\":\"1.10.0\"")).consulVersion());
        assertEquals("2.0.0", parsed(with("\"consulVersion\":\"2.0.0\"")).consulVersion());
        assertTrue(ClusterSpecParser.compareVersions("1.10.0", "1.9.0") > 0);
        assertTrue(ClusterSpecParser.compareVersions("1.9.0", "1.9.0") == 0);
        assertTrue(ClusterSpecParser.compareVersions("1.8.99", "1.9.0") < 0);
    }

    @Test
    void aStackDefaultBelowTheMinimumIsRefusedToo() {
        InvalidSpecException e = ClusterSpecParserTest.rejectedWithDefaults("{}",
                "{\"clusterName\":\"prod\"," + NETWORK + ",\"consulVersion\":\"1.8.0\"}");

        assertEquals("consulVersion", e.violations().get(0).field());
    }

    // --- CIDRs: one spelling, then duplicates ---------------------------------------------------------------

    @Test
    void everyCidrIsKeptInItsCanonicalSpelling() {
        ClusterSpec spec = parsed(with("\"apiAllowedCidrs\":[\"2001:DB8::/32\",\"2600:1F18:ABCD:1200:0:0:0:0/56\",\"10.0.0.0/16\"],"
                + "\"sshAllowedCidrs\":[\"2001:0db8:0000:0000:0000:0000:0000:0001/128\",\"0:0:0:0:0:0:0:0/0\"]"));

        assertEquals(List.of("2001:db8::/32", "2600:1f18:abcd:1200::/56", "10.0.0.0/16"), spec.apiAllowedCidrs());
        assertEquals(List.of("2001:db8::1/128", "::/0"), spec.sshAllowedCidrs());
    }

    @Test
    void theSameBlockSpeltTwoWaysIsRefusedAsListedTwiceNamingTheFirst() {
        assertEquals("apiAllowedCidrs[2]: '2001:DB8:0:0::/32' (2001:db8::/32) is listed twice: it is apiAllowedCidrs[0]",
                only(with("\"apiAllowedCidrs\":[\"2001:db8::/32\",\"10.0.0.0/8\",\"2001:DB8:0:0::/32\"]")));
        assertEquals("sshAllowedCidrs[1]: '2001:0db8::/32' (2001:db8::/32) is listed twice: it is sshAllowedCidrs[0]",
                only(with("\"sshAllowedCidrs\":[\"2001:DB8::/32\",\"2001:0db8::/32\"]")));
        assertEquals("sshAllowedCidrs[1]: '10.0.0.0/16' is listed twice: it is sshAllowedCidrs[0]",
                only(with("\"sshAllowedCidrs\":[\"10.0.0.0/16\",\"10.0.0.0/16\"]")));
    }

    @Test
    void theSameBlockInBothListsIsFineTheyOpenDifferentPorts() {
        ClusterSpec spec = parsed(with("\"apiAllowedCidrs\":[\"2001:db8::/32\"],\"sshAllowedCidrs\":[\"2001:DB8::/32\"]"));

        assertEquals(spec.apiAllowedCidrs(), spec.sshAllowedCidrs());
    }

    @Test
    void hostBitsAreRefusedWithTheCanonicalNetworkSuggested() {
        assertEquals("apiAllowedCidrs[0]: '2001:DB8::1/32' has host bits set; did you mean 2001:db8::/32?",
                only(with("\"apiAllowedCidrs\":[\"2001:DB8::1/32\"]")));
        assertEquals("apiAllowedCidrs[0]: '10.1.2.3/16' has host bits set; did you mean 10.1.0.0/16?",
                only(with("\"apiAllowedCidrs\":[\"10.1.2.3/16\"]")));
    }

    // --- numbers --------------------------------------------------------------------------------------------

    @Test
    void aNumberThatIsNoCountSaysWhatItIs() {
        Map<String, String> said = Map.of(
                "2147483648", "serverCount: must be an integer from 3 to 7, got 2147483648, out of range",
                "-2147483649", "serverCount: must be an integer from 3 to 7, got -2147483649, out of range",
                "9", "serverCount: must be an integer from 3 to 7, got 9, out of range",
                "1e400", "serverCount: must be an integer from 3 to 7, got 1e400, not an integer",
                "3.0", "serverCount: must be an integer from 3 to 7, got 3.0, not an integer (write 3)",
                "5E0", "serverCount: must be an integer from 3 to 7, got 5e0, not an integer (write 5)",
                "3.5", "serverCount: must be an integer from 3 to 7, got 3.5, not an integer",
                "\"3\"", "serverCount: must be an integer from 3 to 7, got a string '3'",
                "true", "serverCount: must be an integer from 3 to 7, got a boolean true",
                "[3]", "serverCount: must be an integer from 3 to 7, got an array");
        said.forEach((value, message) -> assertEquals(message, only(with("\"serverCount\":" + value)), value));
    }

    @Test
    void aHugeNumberIsShownCut() {
        String rule = only(with("\"keepImages\":" + "7".repeat(900)));

        assertTrue(rule.endsWith("…(900 digits), out of range"), rule);
        assertTrue(rule.length() < 200, rule);
    }

    @Test
    void aNumberBeyondEveryRangeIsBadJsonNotACrash() {
        assertEquals("(input)", rejected(with("\"serverCount\":1e9999999999")).violations().get(0).field());
        assertEquals("(input)", rejected(with("\"serverCount\":-1e-9999999999")).violations().get(0).field());
    }

    @Test
    void aTreeWithAnInfiniteDoubleIsNotShownAsInfinity() {
        ObjectNode input = (ObjectNode) read(MINIMAL);
        input.set("serverCount", DoubleNode.valueOf(Double.POSITIVE_INFINITY));

        InvalidSpecException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidSpecException.class,
                () -> ClusterSpecParser.parse(input, null));
        assertEquals("serverCount: must be an integer from 3 to 7, got a number beyond a double's range, not an integer",
                e.violations().get(0).toString());
    }

    // --- allowSingleZone ------------------------------------------------------------------------------------

    @Test
    void allowSingleZoneIsFalseUnlessTheInputSaysTrue() {
        assertFalse(parsed(MINIMAL).allowSingleZone());
        assertFalse(parsed(with("\"allowSingleZone\":null")).allowSingleZone());
        assertFalse(parsed(with("\"allowSingleZone\":false")).allowSingleZone());
        assertTrue(parsed(with("\"allowSingleZone\":true")).allowSingleZone());
        assertTrue(ClusterSpecParser.parse("{}", "{\"clusterName\":\"prod\"," + NETWORK + ",\"allowSingleZone\":true}").allowSingleZone());
    }

    @Test
    void allowSingleZoneIsABooleanNotAStringOrANumber() {
        assertEquals("allowSingleZone: must be true or false, got a string 'true'", only(with("\"allowSingleZone\":\"true\"")));
        assertEquals("allowSingleZone: must be true or false, got an integer 1", only(with("\"allowSingleZone\":1")));
    }

    @Test
    void theStackMayPassAllowSingleZoneAsText() {
        assertEquals(JSON.getNodeFactory().booleanNode(true),
                ValidateInputHandler.defaults(Map.of("allowSingleZone", "true")).get("allowSingleZone"));
        assertEquals("allowSingleZone", ClusterSpecParserTest.rejectedWithDefaults(MINIMAL,
                ValidateInputHandler.defaults(Map.of("allowSingleZone", "yes")).toString()).violations().get(0).field());
    }

    @Test
    void theRecordedSpecReadsBackAsAnInputWithTheFlag() throws Exception {
        ClusterSpec spec = parsed(with("\"allowSingleZone\":true"));

        ClusterSpec again = ClusterSpecParser.parse(io.consulfactory.lambda.Json.MAPPER.writeValueAsString(spec), null);

        assertEquals(spec, again);
    }

    // --- trees too deep or too big for Step Functions to have sent ------------------------------------------

    @Test
    void aTreeNestedDeeperThanAnyInputIsRefusedWithoutRecursion() {
        ObjectNode input = (ObjectNode) read(MINIMAL);
        ArrayNode deep = input.putArray("nested");
        for (int i = 0; i < 200_000; i++) {
            deep = deep.addArray();
        }

        InvalidSpecException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidSpecException.class,
                () -> ClusterSpecParser.parse(input, null));
        assertEquals("(input): nests deeper than 64 levels; the spec itself nests 2", e.violations().get(0).toString());
    }

    @Test
    void aTreeLargerThanStepFunctionsTakesIsRefused() {
        ObjectNode input = (ObjectNode) read(MINIMAL);
        input.put("datacenter", "d".repeat(ClusterSpecParser.MAX_INPUT_BYTES));

        InvalidSpecException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidSpecException.class,
                () -> ClusterSpecParser.parse(input, null));
        assertEquals("(input)", e.violations().get(0).field());
        assertTrue(e.getMessage().contains("262144 bytes (256 KiB)"), e.getMessage());
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
