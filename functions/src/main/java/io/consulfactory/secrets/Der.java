package io.consulfactory.secrets;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The few DER (ITU-T X.690) encodings an X.509 certificate needs, so the functions make certificates with the
 * JDK alone (the JDK signs and parses certificates but has no public API that builds one, and BouncyCastle
 * would add megabytes to the Lambda package). Every method returns one complete element: tag, length, contents.
 * Only low tag numbers (0..30) are supported: X.509 needs no others.
 */
public final class Der {

    public static final int BOOLEAN = 0x01;
    public static final int INTEGER = 0x02;
    public static final int BIT_STRING = 0x03;
    public static final int OCTET_STRING = 0x04;
    public static final int NULL = 0x05;
    public static final int OBJECT_IDENTIFIER = 0x06;
    public static final int UTF8_STRING = 0x0c;
    public static final int PRINTABLE_STRING = 0x13;
    public static final int IA5_STRING = 0x16;
    public static final int UTC_TIME = 0x17;
    public static final int GENERALIZED_TIME = 0x18;
    public static final int SEQUENCE = 0x30;
    public static final int SET = 0x31;

    private static final int CONSTRUCTED = 0x20;
    private static final int CONTEXT_SPECIFIC = 0x80;

    /** X.680 41.4: the PrintableString alphabet. */
    private static final Pattern PRINTABLE = Pattern.compile("[A-Za-z0-9 '()+,\\-./:=?]*");
    private static final Pattern DOTTED_OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]*))+");
    private static final DateTimeFormatter UTC_TIME_FORMAT = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
    private static final DateTimeFormatter GENERALIZED_TIME_FORMAT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'");

    private Der() {
    }

    /** Any element: {@code tag}, its length (definite form, X.690 8.1.3, short form under 128) and {@code contents}. */
    public static byte[] element(int tag, byte[] contents) {
        if (tag < 0 || tag > 0xff || (tag & 0x1f) == 0x1f) {
            throw new IllegalArgumentException("only one-byte tags are supported: " + tag);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(contents.length + 6);
        out.write(tag);
        int length = contents.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(contents);
        return out.toByteArray();
    }

    public static byte[] sequence(byte[]... elements) {
        return element(SEQUENCE, concat(List.of(elements)));
    }

    public static byte[] sequence(List<byte[]> elements) {
        return element(SEQUENCE, concat(elements));
    }

    /** A SET OF: DER (X.690 11.6) orders the encoded elements as octet strings, so any order given gives one encoding. */
    public static byte[] set(byte[]... elements) {
        List<byte[]> sorted = new ArrayList<>(List.of(elements));
        // X.690 11.6: shorter encodings are padded with trailing zeros, so a proper prefix sorts first.
        sorted.sort(Arrays::compareUnsigned);
        return element(SET, concat(sorted));
    }

    /** Two's complement in the fewest octets (X.690 8.3): a positive value whose top bit is set gains a 0x00. */
    public static byte[] integer(BigInteger value) {
        return element(INTEGER, value.toByteArray());
    }

    public static byte[] integer(long value) {
        return integer(BigInteger.valueOf(value));
    }

    public static byte[] bool(boolean value) {
        return element(BOOLEAN, new byte[] {(byte) (value ? 0xff : 0x00)});
    }

    public static byte[] nullValue() {
        return element(NULL, new byte[0]);
    }

    /**
     * An OBJECT IDENTIFIER from its dotted form (X.690 8.19): the first two arcs share one subidentifier
     * ({@code 40 * first + second}), each subidentifier in base 128 with the high bit set on all but its last octet.
     */
    public static byte[] oid(String dotted) {
        if (!DOTTED_OID.matcher(dotted).matches()) {
            throw new IllegalArgumentException("not a dotted object identifier: " + dotted);
        }
        String[] arcs = dotted.split("\\.");
        BigInteger first = new BigInteger(arcs[0]);
        BigInteger second = new BigInteger(arcs[1]);
        if (first.intValue() < 2 && second.compareTo(BigInteger.valueOf(40)) >= 0) {
            throw new IllegalArgumentException("the second arc under 0 or 1 is at most 39: " + dotted);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        base128(first.multiply(BigInteger.valueOf(40)).add(second), out);
        for (int i = 2; i < arcs.length; i++) {
            base128(new BigInteger(arcs[i]), out);
        }
        return element(OBJECT_IDENTIFIER, out.toByteArray());
    }

    /** A BIT STRING of whole octets (no unused bits), as public keys and signatures are. */
    public static byte[] bitString(byte[] bits) {
        byte[] contents = new byte[bits.length + 1];
        System.arraycopy(bits, 0, contents, 1, bits.length);
        return element(BIT_STRING, contents);
    }

    /**
     * A NamedBitList BIT STRING (such as KeyUsage) with the given bits set, bit 0 being the first (most significant)
     * bit. DER (X.690 11.2.2) drops trailing zero bits, so the encoding ends at the highest bit set.
     */
    public static byte[] namedBits(int... setBits) {
        int highest = -1;
        for (int bit : setBits) {
            if (bit < 0) {
                throw new IllegalArgumentException("negative bit: " + bit);
            }
            highest = Math.max(highest, bit);
        }
        int octets = (highest + 8) / 8;
        byte[] contents = new byte[octets + 1];
        for (int bit : setBits) {
            contents[1 + bit / 8] |= (byte) (0x80 >>> (bit % 8));
        }
        contents[0] = (byte) (octets * 8 - (highest + 1));
        return element(BIT_STRING, contents);
    }

    public static byte[] octetString(byte[] octets) {
        return element(OCTET_STRING, octets);
    }

    public static byte[] utf8String(String text) {
        return element(UTF8_STRING, text.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] printableString(String text) {
        if (!PRINTABLE.matcher(text).matches()) {
            throw new IllegalArgumentException("not a PrintableString: " + text);
        }
        return element(PRINTABLE_STRING, text.getBytes(StandardCharsets.US_ASCII));
    }

    /** IA5String (ASCII): what a dNSName in a subjectAltName is (RFC 5280 4.2.1.6). */
    public static byte[] ia5String(String text) {
        if (!StandardCharsets.US_ASCII.newEncoder().canEncode(text)) {
            throw new IllegalArgumentException("not an IA5String: " + text);
        }
        return element(IA5_STRING, text.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * A certificate validity time as RFC 5280 4.1.2.5 requires: UTCTime for dates through 2049, GeneralizedTime from
     * 2050; both in UTC ("Z"), with seconds and without fractions (any fraction of the instant is dropped).
     */
    public static byte[] time(Instant instant) {
        int year = instant.atZone(ZoneOffset.UTC).getYear();
        return year >= 1950 && year <= 2049 ? utcTime(instant) : generalizedTime(instant);
    }

    /** UTCTime YYMMDDHHMMSSZ (RFC 5280 4.1.2.5.1: YY below 50 is 20YY, else 19YY). */
    public static byte[] utcTime(Instant instant) {
        ZonedDateTime utc = instant.atZone(ZoneOffset.UTC);
        if (utc.getYear() < 1950 || utc.getYear() > 2049) {
            throw new IllegalArgumentException("UTCTime holds 1950..2049 only: " + instant);
        }
        return element(UTC_TIME, UTC_TIME_FORMAT.format(utc).getBytes(StandardCharsets.US_ASCII));
    }

    /** GeneralizedTime YYYYMMDDHHMMSSZ (RFC 5280 4.1.2.5.2). */
    public static byte[] generalizedTime(Instant instant) {
        ZonedDateTime utc = instant.atZone(ZoneOffset.UTC);
        if (utc.getYear() < 0 || utc.getYear() > 9999) {
            throw new IllegalArgumentException("GeneralizedTime holds years 0000..9999 only: " + instant);
        }
        return element(GENERALIZED_TIME, GENERALIZED_TIME_FORMAT.format(utc).getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code [tag] EXPLICIT}: a constructed context-specific element wrapping the whole {@code element}. */
    public static byte[] explicit(int tag, byte[] element) {
        return element(CONTEXT_SPECIFIC | CONSTRUCTED | checkTagNumber(tag), element);
    }

    /**
     * {@code [tag] IMPLICIT}: {@code element} with its tag replaced by the context-specific one; the constructed
     * bit is kept (a SEQUENCE stays constructed, an OCTET STRING primitive), the length and contents unchanged.
     */
    public static byte[] implicit(int tag, byte[] element) {
        byte[] copy = element.clone();
        copy[0] = (byte) (CONTEXT_SPECIFIC | (element[0] & CONSTRUCTED) | checkTagNumber(tag));
        return copy;
    }

    /**
     * The elements inside a constructed element (such as a SEQUENCE), each whole (tag, length, contents). For
     * reading back the few parts of a certificate a new one reuses byte for byte; definite lengths only, as in DER.
     */
    public static List<byte[]> children(byte[] element) {
        int[] header = header(element, 0);
        if ((element[0] & CONSTRUCTED) == 0) {
            throw new IllegalArgumentException("not a constructed element: tag " + (element[0] & 0xff));
        }
        int end = header[0] + header[1];
        if (end != element.length) {
            throw new IllegalArgumentException("trailing or missing octets: " + element.length + " for " + end);
        }
        List<byte[]> children = new ArrayList<>();
        int offset = header[0];
        while (offset < end) {
            int[] child = header(element, offset);
            int childEnd = child[0] + child[1];
            if (childEnd > end) {
                throw new IllegalArgumentException("element runs past its parent at offset " + offset);
            }
            byte[] whole = new byte[childEnd - offset];
            System.arraycopy(element, offset, whole, 0, whole.length);
            children.add(whole);
            offset = childEnd;
        }
        return children;
    }

    /** The contents octets of one whole element (what follows its tag and length). */
    public static byte[] contents(byte[] element) {
        int[] header = header(element, 0);
        if (header[0] + header[1] != element.length) {
            throw new IllegalArgumentException("trailing or missing octets: " + element.length + " for " + (header[0] + header[1]));
        }
        byte[] contents = new byte[header[1]];
        System.arraycopy(element, header[0], contents, 0, contents.length);
        return contents;
    }

    /** {offset of the contents, their length} of the element starting at {@code offset}. */
    private static int[] header(byte[] der, int offset) {
        if (offset + 2 > der.length || (der[offset] & 0x1f) == 0x1f) {
            throw new IllegalArgumentException("no one-byte tag and length at offset " + offset);
        }
        int first = der[offset + 1] & 0xff;
        int position = offset + 2;
        long length;
        if (first < 0x80) {
            length = first;
        } else {
            int bytes = first & 0x7f;
            if (bytes == 0 || bytes > 4 || position + bytes > der.length) {
                throw new IllegalArgumentException("unsupported length at offset " + offset);
            }
            length = 0;
            for (int i = 0; i < bytes; i++) {
                length = (length << 8) | (der[position++] & 0xff);
            }
        }
        if (position + length > der.length) {
            throw new IllegalArgumentException("element at offset " + offset + " is longer than its input");
        }
        return new int[] {position, (int) length};
    }

    private static int checkTagNumber(int tag) {
        if (tag < 0 || tag > 30) {
            throw new IllegalArgumentException("only tag numbers 0..30 are supported: " + tag);
        }
        return tag;
    }

    private static void base128(BigInteger value, ByteArrayOutputStream out) {
        int groups = Math.max(1, (value.bitLength() + 6) / 7);
        for (int i = groups - 1; i >= 0; i--) {
            int group = value.shiftRight(7 * i).intValue() & 0x7f;
            out.write(i > 0 ? group | 0x80 : group);
        }
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
