package io.consulfactory.spec;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.JsonParseException;
import io.consulfactory.lambda.JsonHandler;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.consulfactory.spec.ClusterSpecParserTest.MINIMAL;
import static io.consulfactory.spec.ClusterSpecParserTest.NETWORK;
import static io.consulfactory.spec.ClusterSpecParserTest.rejected;
import static io.consulfactory.spec.ClusterSpecParserTest.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Execution input read as text, by the parser and by ValidateInput's doorway: one JSON document, no key twice,
 * at most Step Functions' 256 KiB; every echoed name and value escaped and cut.
 */
class StrictInputTest {

    static String only(String input) {
        return ClusterSpecValuesTest.only(input);
    }

    // --- one document, each key once -------------------------------------------------------------------------

    @Test
    void aKeyGivenTwiceIsRefusedNamingTheKeyNotTakenLastWins() {
        assertEquals("clusterName: is given twice in one object; JSON leaves which one counts to the reader, so the input"
                + " must say it once", only("{\"clusterName\":\"consul-dc1\"," + NETWORK + ",\"clusterName\":\"prod\"}"));
        assertEquals("joinTag.key", rejected(with("\"joinTag\":{\"key\":\"a\",\"value\":\"b\",\"key\":\"c\"}"))
                .violations().get(0).field());
        assertEquals("colour.x", rejected(with("\"colour\":{\"x\":1,\"x\":1}")).violations().get(0).field());
        assertEquals("\"a\\u000Ab\"", rejected(with("\"a\\nb\":1,\"a\\nb\":2")).violations().get(0).field());
    }

    @Test
    void twoDocumentsOrAnythingAfterTheFirstAreRefused() {
        for (String trailing : List.of(" {}", "{}", "\n{\"clusterName\":\"prod\"}", "x", " ]", ",", " null", "0", "\"\"")) {
            String rule = only(MINIMAL + trailing);
            assertTrue(rule.startsWith("(input): has more after its JSON value ends (line "), trailing + ": " + rule);
        }
        assertEquals("consul-dc1", ClusterSpecParser.parse(MINIMAL + " \n\t\r ", null).clusterName(), "whitespace is no content");
    }

    @Test
    void aByteOrderMarkIsRefusedSaidAsSuch() {
        assertEquals("(input): begins with a byte order mark (U+FEFF): send the JSON without it", only("\uFEFF" + MINIMAL));
    }

    @Test
    void nonStandardTokensAreBadJsonWithoutJacksonsConfigurationHints() {
        for (String token : List.of("NaN", "Infinity", "-Infinity", "+3", "03", "0x10", "'3'", "3.", ".5")) {
            String rule = only(with("\"serverCount\":" + token));
            assertTrue(rule.startsWith("(input): is not valid JSON (line 1, column "), token + ": " + rule);
            assertTrue(!rule.contains("enable") && !rule.contains("Feature"), rule);
        }
        assertTrue(only("{\"clusterName\":").startsWith("(input): is not valid JSON"));
        assertTrue(only("{/* a comment */}").startsWith("(input): is not valid JSON"));
    }

    @Test
    void inputNestedDeeperThanTheSpecCouldBeIsRefusedByTheReader() {
        assertEquals("(input): nests deeper than 64 levels; the spec itself nests 2", only("[".repeat(100_000)));
        assertEquals("(input): nests deeper than 64 levels; the spec itself nests 2",
                only(with("\"x\":" + "{\"y\":".repeat(70) + "1" + "}".repeat(70))));
    }

    // --- Step Functions' 256 KiB ------------------------------------------------------------------------------

    @Test
    void moreThan256KiBOfUtf8IsRefusedNamingTheLimit() {
        String over = padded(ClusterSpecParser.MAX_INPUT_BYTES + 1, 'x');

        assertEquals("(input): is 262145 bytes of JSON (UTF-8); Step Functions takes at most 262144 bytes (256 KiB) of"
                + " execution input", only(over));
    }

    @Test
    void exactly256KiBIsReadAndJudgedOnItsFields() {
        InvalidSpecException e = rejected(padded(ClusterSpecParser.MAX_INPUT_BYTES, 'x'));

        assertEquals("padding", e.violations().get(0).field(), "the size passes; the unknown field does not");
    }

    @Test
    void theLimitCountsUtf8BytesNotCharacters() {
        // 'é' is two bytes in UTF-8: fewer characters than the limit, more bytes.
        String over = padded(ClusterSpecParser.MAX_INPUT_BYTES + 2, 'é');

        assertTrue(over.length() < ClusterSpecParser.MAX_INPUT_BYTES, "fewer characters than bytes");
        assertEquals("(input)", rejected(over).violations().get(0).field());
    }

    /** A minimal input with an unknown field padding it to exactly {@code bytes} UTF-8 bytes. */
    static String padded(int bytes, char pad) {
        String head = MINIMAL.substring(0, MINIMAL.length() - 1) + ",\"padding\":\"";
        String tail = "\"}";
        int room = bytes - head.length() - tail.length();
        int width = String.valueOf(pad).getBytes(StandardCharsets.UTF_8).length;
        String text = head + String.valueOf(pad).repeat(room / width) + "x".repeat(room % width) + tail;
        assertEquals(bytes, text.getBytes(StandardCharsets.UTF_8).length);
        return text;
    }

    // --- what the message shows -----------------------------------------------------------------------------

    @Test
    void aNewlineInAFieldNameCannotForgeASecondLine() {
        InvalidSpecException e = rejected(with("\"x\\nclusterName: looks fine\\r\\n\":1"));

        assertEquals("\"x\\u000AclusterName: looks fine\\u000D\\u000A\"", e.violations().get(0).field());
        assertOneSafeLine(e.getMessage());
    }

    @Test
    void invisibleAndReorderingCharactersAreShownAsEscapes() {
        InvalidSpecException e = rejected("{\"clusterName\":\"consul\\u202Edc1\\u200B\\uFEFF\",\"\\u2066x\\u00A0\":1," + NETWORK + "}");

        assertEquals("\"\\u2066x\\u00A0\": unknown field; known fields are [clusterName, vpcId, subnetIds, serverCount,"
                + " instanceType, consulVersion, datacenter, baseImage, joinTag, apiAllowedCidrs, sshAllowedCidrs,"
                + " keepImages, maxImageAgeDays, allowSingleZone, maxSnapshotAgeHours, restoreFrom]", e.violations().get(0).toString());
        assertTrue(e.violations().get(1).rule().startsWith("'consul\\u202Edc1\\u200B\\uFEFF' is not 3 to 32"), e.getMessage());
        assertOneSafeLine(e.getMessage());
    }

    @Test
    void aHugeFieldNameIsShownCutWithItsLength() {
        InvalidSpecException e = rejected(with("\"" + "n".repeat(200_000) + "\":1"));

        String field = e.violations().get(0).field();
        assertEquals("\"" + "n".repeat(79) + "…\" (200000 characters)", field);
        assertTrue(e.getMessage().length() < 1_000, "the message stays short");
    }

    @Test
    void aLongValueIsShownCutAndABackslashStaysReadable() {
        String rule = rejected(with("\"datacenter\":\"" + "\\\\".repeat(100) + "\"")).violations().get(0).rule();

        assertTrue(rule.startsWith("'" + "\\\\".repeat(39) + "…' (100 characters) is not 1 to 63"), rule);
    }

    @Test
    void manyBrokenRulesAreCountedNotAllWritten() {
        StringBuilder input = new StringBuilder(MINIMAL.substring(0, MINIMAL.length() - 1));
        for (int i = 0; i < 100; i++) {
            input.append(",\"unknown").append(i).append("\":1");
        }
        InvalidSpecException e = rejected(input + "}");

        assertEquals(100, e.violations().size());
        assertTrue(e.getMessage().endsWith("; and 80 more broken rules"), e.getMessage());
    }

    static void assertOneSafeLine(String message) {
        message.codePoints().forEach(cp -> assertTrue(!Shown.hidden(cp),
                "no hidden character U+" + Integer.toHexString(cp) + " in: " + message));
    }

    // --- the Lambda doorway -----------------------------------------------------------------------------------

    /** ValidateInput's event as Step Functions builds it, with the input's text put in as it is. */
    static String event(String inputText) {
        return "{\"input\":" + inputText + ",\"defaults\":{\"clusterName\":\"consul-dc1\",\"vpcId\":\"vpc-0a1b2c3d\","
                + "\"subnetIds\":\"subnet-0a1b2c3d,subnet-0b1b2c3d\",\"consulVersion\":\"1.20.2\",\"serverCount\":\"3\"}}";
    }

    static InvalidSpecException refusedAtTheDoorway(String eventText) {
        // No EC2 client: whatever the doorway refuses, it refuses before the instance type is looked up.
        ValidateInputHandler handler = new ValidateInputHandler(new InstanceTypeCheck(null));
        return assertThrows(InvalidSpecException.class, () -> handler.handleRequest(
                new ByteArrayInputStream(eventText.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), null));
    }

    @Test
    void theDoorwayRefusesAKeyTwiceInTheInputNamingIt() {
        InvalidSpecException e = refusedAtTheDoorway(event("{\"serverCount\":5,\"serverCount\":3}"));

        assertEquals("serverCount", e.violations().get(0).field());
    }

    @Test
    void theDoorwayRefusesContentAfterTheEventAndAKeyTwiceInTheEnvelope() {
        assertEquals("(input)", refusedAtTheDoorway(event("{}") + " {}").violations().get(0).field());
        assertEquals("(input)", refusedAtTheDoorway("{\"input\":{},\"input\":{}}").violations().get(0).field());
        assertEquals("(input)", refusedAtTheDoorway("{\"input\":").violations().get(0).field());
    }

    @Test
    void theDoorwayReadsNumbersAsWritten() {
        assertEquals("serverCount: must be an integer from 3 to 7, got 1e400, not an integer",
                refusedAtTheDoorway(event("{\"serverCount\":1e400}")).violations().get(0).toString());
        assertEquals("(input)", refusedAtTheDoorway(event("{\"serverCount\":1e9999999999}")).violations().get(0).field());
    }

    @Test
    void theDoorwayRefusesDeepNestingAndOversizedInput() {
        assertEquals("(input): nests deeper than 64 levels; the spec itself nests 2",
                refusedAtTheDoorway(event("[".repeat(10_000))).violations().get(0).toString());
        assertEquals("(input)", refusedAtTheDoorway(event(padded(ClusterSpecParser.MAX_INPUT_BYTES + 1, 'x')))
                .violations().get(0).field());
    }

    /** Any other handler: the doorway's strictness holds, and the parser's own exception is what it throws. */
    @Test
    void otherHandlersRefuseAKeyTwiceWithTheParsersException() {
        JsonHandler<java.util.Map<?, ?>, String> echo = new JsonHandler<>(asMap()) {
            @Override
            protected String handle(java.util.Map<?, ?> input, Context context) {
                return "read";
            }
        };

        assertThrows(JsonParseException.class, () -> echo.handleRequest(
                new ByteArrayInputStream("{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), null));
        assertThrows(JsonParseException.class, () -> echo.handleRequest(
                new ByteArrayInputStream("{\"a\":1}{}".getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), null));
    }

    @SuppressWarnings("unchecked")
    private static Class<java.util.Map<?, ?>> asMap() {
        return (Class<java.util.Map<?, ?>>) (Class<?>) java.util.Map.class;
    }
}
