package io.consulfactory.spec;

import java.util.regex.Pattern;

/**
 * Text from the input as an error message may show it. The message ends up in the execution's history, the
 * console and logs, so what the input holds must not forge a second line (a newline), reorder what is shown
 * (U+202E, the bidirectional overrides), hide itself (U+200B, U+FEFF, the tag characters) or flood the message
 * (a 200 KB field name). Every character that is a control, format, separator other than the space, private,
 * unassigned, a lone surrogate or a combining mark is written as JSON writes it, {@code \}{@code uXXXX}; the
 * backslash itself as {@code \\}, so what is shown reads back to exactly one text.
 */
public final class Shown {

    /** How much of an echoed value or name is shown before the ellipsis: enough to recognise it. */
    static final int MAX = 80;
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_$-]{1,64}");

    private Shown() {
    }

    /** A value, quoted: {@code 'consul dc1'}; cut with an ellipsis and its length beyond {@link #MAX}. */
    public static String value(String text) {
        return "'" + escaped(text, MAX, '\'') + "'" + lengthIfCut(text, MAX);
    }

    /** A field name in a path: plain when it is a plain name, else quoted like a value in JSON. */
    static String name(String name) {
        if (PLAIN_NAME.matcher(name).matches()) {
            return name;
        }
        return "\"" + escaped(name, MAX, '"') + "\"" + lengthIfCut(name, MAX);
    }

    /** Text that is not the input's but may hold some of it (a JSON parser's message): escaped and cut. */
    static String text(String text, int max) {
        return escaped(text, max, (char) 0);
    }

    /** Escapes what cannot be shown, without cutting or touching the backslash (for text already built). */
    static String safe(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (hidden(cp)) {
                escape(cp, out);
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    private static String lengthIfCut(String text, int max) {
        return escaped(text, Integer.MAX_VALUE, (char) 0).length() > max ? " (" + text.length() + " characters)" : "";
    }

    private static String escaped(String text, int max, char quote) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 8);
        StringBuilder piece = new StringBuilder(12);
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            piece.setLength(0);
            if (hidden(cp)) {
                escape(cp, piece);
            } else if (cp == '\\' || (quote != 0 && cp == quote)) {
                piece.append('\\').append((char) cp);
            } else {
                piece.appendCodePoint(cp);
            }
            // Cut at a character's boundary, never inside an escape, leaving room for the ellipsis.
            int room = i < text.length() ? max - 1 : max;
            if (out.length() + piece.length() > room) {
                return out.append('…').toString();
            }
            out.append(piece);
        }
        return out.toString();
    }

    private static void escape(int cp, StringBuilder out) {
        for (char c : Character.toChars(cp)) {
            out.append(String.format("\\u%04X", (int) c));
        }
    }

    /** Characters that do not show as themselves: they would hide, reorder or break the message. */
    static boolean hidden(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.PRIVATE_USE, Character.UNASSIGNED, Character.SURROGATE, Character.NON_SPACING_MARK,
                 Character.ENCLOSING_MARK -> true;
            case Character.SPACE_SEPARATOR -> cp != ' ';
            // Letters that render as nothing (Hangul fillers) and the blank Braille pattern.
            default -> cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 || cp == 0x2800;
        };
    }
}
