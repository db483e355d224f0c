package io.consulfactory.spec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShownTest {

    @Test
    void controlFormatAndInvisibleCharactersBecomeEscapes() {
        assertEquals("'a\\u000Ab\\u000D\\u0009\\u0000\\u001B[31m'", Shown.value("a\nb\r\t\u0000\u001b[31m"));
        assertEquals("'\\u202Eevil\\u200B\\uFEFF\\u2066\\u2028\\u00A0\\u3164'", Shown.value("\u202Eevil\u200B\uFEFF\u2066\u2028\u00A0\u3164"));
        assertEquals("'\\uDB40\\uDC01'", Shown.value("\uDB40\uDC01"), "a tag character, outside the BMP: both halves");
        assertEquals("'\\uD800x'", Shown.value("\uD800x"), "a lone surrogate");
        assertEquals("'cönsul 😀'", Shown.value("cönsul 😀"), "what shows as itself stays");
    }

    @Test
    void theBackslashAndTheQuoteAreEscapedSoWhatIsShownReadsBackToOneText() {
        assertEquals("'a\\\\u000Ab'", Shown.value("a\\u000Ab"), "typed backslash-u is not a newline");
        assertEquals("'it\\'s'", Shown.value("it's"));
        assertEquals("\"say \\\"hi\\\"\"", Shown.name("say \"hi\""));
    }

    @Test
    void plainNamesStayPlainOthersAreQuoted() {
        assertEquals("clusterName", Shown.name("clusterName"));
        assertEquals("\"\"", Shown.name(""));
        assertEquals("\"a b\"", Shown.name("a b"));
        assertEquals("\"x: forged\"", Shown.name("x: forged"));
    }

    @Test
    void longTextIsCutAtACharacterWithAnEllipsisAndItsLength() {
        assertEquals("'" + "a".repeat(80) + "'", Shown.value("a".repeat(80)), "exactly the limit: whole");
        assertEquals("'" + "a".repeat(79) + "…' (81 characters)", Shown.value("a".repeat(81)));
        String cut = Shown.value("a".repeat(76) + "\n" + "b".repeat(10));
        assertEquals("'" + "a".repeat(76) + "…' (87 characters)", cut, "never inside an escape");
        assertEquals("😀".repeat(40) + "…", Shown.text("😀".repeat(100), 81), "never inside a surrogate pair");
    }

    @Test
    void safeEscapesOnlyWhatHides() {
        assertEquals("a\\b\\u000A", Shown.safe("a\\b\n"));
        assertFalse(Shown.hidden('a'));
        assertFalse(Shown.hidden(' '));
        assertTrue(Shown.hidden(0x7F));
        assertTrue(Shown.hidden(0x85));
        assertTrue(Shown.hidden(0xE0001));
        assertTrue(Shown.hidden(0x0301), "a combining mark over the quote");
    }
}
