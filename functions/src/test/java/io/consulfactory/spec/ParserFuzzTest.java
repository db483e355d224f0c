package io.consulfactory.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Whatever the input is, the answer is a spec or an InvalidSpecException with a short, one-line, escaped message;
 * never another exception. Seeded, so a failure replays; the seed and the input are in the failure.
 */
class ParserFuzzTest {

    private static final String VALID = "{\"clusterName\":\"consul-dc1\",\"vpcId\":\"vpc-0a1b2c3d\",\"subnetIds\":[\"subnet-0a1b2c3d\","
            + "\"subnet-0123456789abcdef0\"],\"serverCount\":5,\"instanceType\":\"t3.small\",\"consulVersion\":\"1.20.2\","
            + "\"datacenter\":\"dc1\",\"baseImage\":{\"imageId\":\"ami-0123456789abcdef0\"},\"joinTag\":{\"key\":\"service\","
            + "\"value\":\"consul-server\"},\"apiAllowedCidrs\":[\"10.0.0.0/16\",\"2001:db8::/32\"],\"sshAllowedCidrs\":[],"
            + "\"keepImages\":3,\"maxImageAgeDays\":30,\"allowSingleZone\":false}";
    /** What breaks parsers and messages: structure, escapes, controls, invisibles, lone surrogates, number parts. */
    private static final String[] PIECES = {"{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\u0000", "\\uD800", "\\n",
            "\n", "\r", "\t", "\u0000", "\u001b[31m", "\u202E", "\u200B", "\uFEFF", "\u2028", "\uD800", "\uDC00", "😀",
            "e", "E", ".", "-", "+", "0", "9", "1e400", "1e9999999999", "-1e-9999999999", "NaN", "Infinity", "null", "true",
            "=", " ", "'", "$(id)", "`", ";", "/", "*", "//", "/*", "serverCount", "clusterName", "joinTag", "é",
            "9".repeat(400), "0.".repeat(50)};

    private final Random random = new Random(20240613L);

    @Test
    void randomBytesNeverEscapeAsAnotherException() {
        for (int i = 0; i < 1500; i++) {
            byte[] bytes = new byte[random.nextInt(200)];
            random.nextBytes(bytes);
            check(new String(bytes, StandardCharsets.UTF_8));
            check("{" + new String(bytes, StandardCharsets.ISO_8859_1) + "}");
        }
    }

    @Test
    void mutatedValidInputNeverEscapesAsAnotherException() {
        for (int i = 0; i < 4000; i++) {
            StringBuilder text = new StringBuilder(VALID);
            for (int edits = 1 + random.nextInt(4); edits > 0; edits--) {
                int at = random.nextInt(text.length() + 1);
                switch (random.nextInt(3)) {
                    case 0 -> text.insert(at, PIECES[random.nextInt(PIECES.length)]);
                    case 1 -> text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(6)));
                    default -> text.replace(at, Math.min(text.length(), at + 1), PIECES[random.nextInt(PIECES.length)]);
                }
            }
            check(text.toString());
        }
    }

    @Test
    void tokenSoupNeverEscapesAsAnotherException() {
        for (int i = 0; i < 2000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(40); n > 0; n--) {
                text.append(PIECES[random.nextInt(PIECES.length)]);
            }
            check(text.toString());
        }
    }

    @Test
    void extremesAreRefusedPlainly() {
        List<Supplier<String>> extremes = List.of(
                () -> "[".repeat(1_000_000),
                () -> "{\"a\":".repeat(100_000),
                () -> "[".repeat(60) + "]".repeat(60),
                () -> "{\"serverCount\":" + "9".repeat(5000) + "}",
                () -> "{\"serverCount\":0." + "0".repeat(5000) + "1}",
                () -> "{\"serverCount\":1e" + "9".repeat(100) + "}",
                () -> "{\"" + "k".repeat(300_000) + "\":1}",
                () -> "{\"clusterName\":\"" + "\\u202E".repeat(10_000) + "\"}",
                () -> "\uFEFF\uFEFF{}",
                () -> "\"" + "\\\\".repeat(100_000) + "\"",
                () -> "{\"subnetIds\":[" + "\"subnet-0a1b2c3d\",".repeat(10_000) + "\"x\"]}",
                () -> "{\"a\":1,\"a\":1,\"a\":1}",
                () -> "{} ".repeat(1000));
        extremes.forEach(extreme -> check(extreme.get()));
    }

    @Test
    void randomTreesNeverEscapeAsAnotherException() {
        for (int i = 0; i < 2000; i++) {
            JsonNode tree = tree(0);
            checkTree(tree);
        }
    }

    @Test
    void theDoorwayNeverEscapesAsAnotherExceptionEither() {
        ValidateInputHandler handler = new ValidateInputHandler(new InstanceTypeCheck(null));
        for (int i = 0; i < 1500; i++) {
            StringBuilder text = new StringBuilder(VALID);
            int at = random.nextInt(text.length() + 1);
            text.insert(at, PIECES[random.nextInt(PIECES.length)]);
            String event = StrictInputTest.event(text.toString());
            try {
                handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), null);
            } catch (InvalidSpecException e) {
                checkMessage(event, e);
            } catch (NullPointerException e) {
                // Passed every rule and reached the EC2 check, which this test gives no client: the input was good.
                assertTrue(isGood(text.toString()), "only a good input reaches EC2: " + event);
            } catch (Throwable t) {
                fail("the doorway let " + t + " out for: " + shorten(event), t);
            }
        }
    }

    private static boolean isGood(String input) {
        try {
            ClusterSpecParser.parse(input, null);
            return true;
        } catch (InvalidSpecException e) {
            return false;
        }
    }

    private JsonNode tree(int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        int kind = depth > 4 ? random.nextInt(6) : random.nextInt(8);
        return switch (kind) {
            case 0 -> f.textNode(PIECES[random.nextInt(PIECES.length)] + PIECES[random.nextInt(PIECES.length)]);
            case 1 -> f.numberNode(random.nextInt(20) - 5);
            case 2 -> f.numberNode(new BigDecimal(new BigInteger(200, random), random.nextInt(400) - 200));
            case 3 -> f.numberNode(random.nextBoolean() ? Double.NaN : random.nextDouble() * 1e300 * 1e10);
            case 4 -> f.booleanNode(random.nextBoolean());
            case 5 -> f.nullNode();
            case 6 -> {
                ArrayNode array = f.arrayNode();
                for (int n = random.nextInt(4); n > 0; n--) {
                    array.add(tree(depth + 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = f.objectNode();
                String[] names = {"clusterName", "vpcId", "subnetIds", "serverCount", "joinTag", "key", "value", "baseImage",
                        "imageId", "apiAllowedCidrs", "allowSingleZone", "\u202E", "a\nb", ""};
                for (int n = random.nextInt(6); n > 0; n--) {
                    object.set(names[random.nextInt(names.length)], tree(depth + 1));
                }
                yield object;
            }
        };
    }

    private static void check(String input) {
        try {
            ClusterSpecParser.parse(input, null);
        } catch (InvalidSpecException e) {
            checkMessage(input, e);
        } catch (Throwable t) {
            fail("the parser let " + t + " out for: " + shorten(input), t);
        }
    }

    private static void checkTree(JsonNode input) {
        try {
            ClusterSpecParser.parse(input, null);
        } catch (InvalidSpecException e) {
            checkMessage(input.toString(), e);
        } catch (Throwable t) {
            fail("the parser let " + t + " out for: " + shorten(input.toString()), t);
        }
    }

    private static void checkMessage(String input, InvalidSpecException e) {
        String message = e.getMessage();
        assertTrue(message.startsWith("Invalid cluster spec: "), message);
        assertTrue(message.length() < 16_000, "a bounded message (" + message.length() + ") for: " + shorten(input));
        message.codePoints().forEach(cp -> assertTrue(!Shown.hidden(cp),
                "U+" + Integer.toHexString(cp) + " shown raw in: " + shorten(message) + " for: " + shorten(input)));
        assertTrue(!e.violations().isEmpty());
    }

    private static String shorten(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
