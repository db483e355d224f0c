package io.consulfactory.teardown;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * StartTeardown's event text is read as ValidateInput's is: a key twice inside the input is named by its path,
 * anything else unreadable is {@code (input)}; all of it refused before any AWS call (the step has no clients here).
 */
class StartTeardownDoorwayTest {

    private static InvalidTeardownException refused(String eventText) {
        StartTeardownHandler handler = new StartTeardownHandler(new StartTeardown(null, null, null, null, null));
        return assertThrows(InvalidTeardownException.class, () -> handler.handleRequest(
                new ByteArrayInputStream(eventText.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), null));
    }

    @Test
    void aKeyTwiceInTheInputIsNamed() {
        InvalidTeardownException e = refused("{\"input\":{\"clusterName\":\"dc1\",\"confirm\":\"dc1\",\"confirm\":\"dc2\"}}");

        assertEquals("confirm", e.violations().get(0).field());
        assertTrue(e.getMessage().endsWith("nothing was changed"), e.getMessage());
    }

    @Test
    void aKeyTwiceInTheEnvelopeBrokenTextAndTrailingContentAreTheInputs() {
        assertEquals("(input)", refused("{\"input\":{},\"input\":{}}").violations().get(0).field());
        assertEquals("(input)", refused("{\"input\":").violations().get(0).field());
        assertEquals("(input)", refused("{\"input\":{\"clusterName\":\"dc1\",\"confirm\":\"dc1\"}} {}").violations().get(0).field());
    }
}
