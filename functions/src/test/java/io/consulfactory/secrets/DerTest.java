package io.consulfactory.secrets;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The encodings X.690 gets subtle about, each against bytes worked out by hand from the standard. */
class DerTest {

    private static final HexFormat HEX = HexFormat.of();

    private static String hex(byte[] der) {
        return HEX.formatHex(der);
    }

    @Test
    void integersUseTheFewestOctetsAndKeepPositiveValuesPositive() {
        assertEquals("020100", hex(Der.integer(0)));
        assertEquals("02017f", hex(Der.integer(127)));
        assertEquals("02020080", hex(Der.integer(128)));           // 0x80 alone would read as -128
        assertEquals("020200ff", hex(Der.integer(255)));
        assertEquals("02020100", hex(Der.integer(256)));
        assertEquals("020180", hex(Der.integer(-128)));
        assertEquals("0202ff7f", hex(Der.integer(-129)));
        BigInteger topBitSet = BigInteger.ONE.shiftLeft(127);      // a 128-bit serial with its top bit set
        assertEquals("021100" + "80" + "00".repeat(15), hex(Der.integer(topBitSet)));
    }

    @Test
    void lengthsOver127UseTheLongForm() {
        assertEquals("047f", hex(Der.octetString(new byte[127])).substring(0, 4));
        assertEquals("048180", hex(Der.octetString(new byte[128])).substring(0, 6));
        assertEquals("0481ff", hex(Der.octetString(new byte[255])).substring(0, 6));
        assertEquals("04820100", hex(Der.octetString(new byte[256])).substring(0, 8));
        assertEquals("04830186a0", hex(Der.octetString(new byte[100_000])).substring(0, 10));
        assertEquals(4 + 256, Der.octetString(new byte[256]).length);
    }

    @Test
    void objectIdentifiersPackTheFirstTwoArcsAndBase128TheRest() {
        assertEquals("0603550403", hex(Der.oid("2.5.4.3")));                        // commonName
        assertEquals("06082a8648ce3d040302", hex(Der.oid("1.2.840.10045.4.3.2")));  // ecdsa-with-SHA256
        assertEquals("06082b06010505070301", hex(Der.oid("1.3.6.1.5.5.7.3.1")));    // id-kp-serverAuth
        assertEquals("06092a864886f70d01010b", hex(Der.oid("1.2.840.113549.1.1.11")));
        assertEquals("0603813403", hex(Der.oid("2.100.3")));                         // X.690 8.19.5's example: 180 = 0x81 0x34
        assertEquals("06022a7f", hex(Der.oid("1.2.127")));
        assertEquals("06032a8100", hex(Der.oid("1.2.128")));
        assertEquals("06062a8fffffff7f", hex(Der.oid("1.2.4294967295")));           // past int's range
        assertThrows(IllegalArgumentException.class, () -> Der.oid("1.40"));
        assertThrows(IllegalArgumentException.class, () -> Der.oid("3.1"));
        assertThrows(IllegalArgumentException.class, () -> Der.oid("1.02.3"));
        assertThrows(IllegalArgumentException.class, () -> Der.oid("1"));
    }

    @Test
    void validityTimesSwitchToGeneralizedTimeIn2050() {
        assertEquals("170d3439313233313233353935395a", hex(Der.time(Instant.parse("2049-12-31T23:59:59.999Z"))));
        assertEquals("180f32303530303130313030303030305a", hex(Der.time(Instant.parse("2050-01-01T00:00:00Z"))));
        assertEquals("170d3530303130313030303030305a", hex(Der.time(Instant.parse("1950-01-01T00:00:00Z"))));
        assertEquals("180f31393439313233313233353935395a", hex(Der.time(Instant.parse("1949-12-31T23:59:59Z"))));
        assertEquals("230101000000Z", new String(Der.contents(Der.time(Instant.parse("2023-01-01T00:00:00Z")))));
        assertThrows(IllegalArgumentException.class, () -> Der.utcTime(Instant.parse("2050-01-01T00:00:00Z")));
    }

    @Test
    void bitStringsCountTheirUnusedBits() {
        assertEquals("0303000102", hex(Der.bitString(new byte[] {1, 2})));
        assertEquals("03020780", hex(Der.namedBits(0)));                    // digitalSignature
        assertEquals("030205a0", hex(Der.namedBits(0, 2)));                 // digitalSignature, keyEncipherment
        assertEquals("03020186", hex(Der.namedBits(0, 5, 6)));              // digitalSignature, keyCertSign, cRLSign
        assertEquals("0303070080", hex(Der.namedBits(8)));                  // decipherOnly: a second octet
        assertEquals("030100", hex(Der.namedBits()));
    }

    @Test
    void simpleTypes() {
        assertEquals("0101ff", hex(Der.bool(true)));
        assertEquals("010100", hex(Der.bool(false)));
        assertEquals("0500", hex(Der.nullValue()));
        assertEquals("0c03c3a962", hex(Der.utf8String("éb")));
        assertEquals("130141", hex(Der.printableString("A")));
        assertThrows(IllegalArgumentException.class, () -> Der.printableString("a@b"));
        assertEquals("16096c6f63616c686f7374", hex(Der.ia5String("localhost")));
    }

    @Test
    void contextTagsExplicitWrapAndImplicitRetag() {
        assertEquals("a003020102", hex(Der.explicit(0, Der.integer(2))));
        assertEquals("a3023000", hex(Der.explicit(3, Der.sequence())));
        assertEquals("8201" + "61", hex(Der.implicit(2, Der.ia5String("a"))));   // dNSName: primitive stays primitive
        assertEquals("a0020500", hex(Der.implicit(0, Der.sequence(Der.nullValue()))));  // constructed stays constructed
        assertThrows(IllegalArgumentException.class, () -> Der.explicit(31, Der.nullValue()));
    }

    @Test
    void setsSortTheirElementsAndSequencesKeepOrder() {
        byte[] big = Der.integer(300);
        byte[] small = Der.integer(1);
        assertEquals("31070201010202012c", hex(Der.set(big, small)));
        assertEquals("3007020101020201" + "2c", hex(Der.sequence(small, big)));
        assertEquals("3007020201" + "2c020101", hex(Der.sequence(big, small)));
    }

    @Test
    void childrenReadBackWhatWasWritten() {
        byte[] inner = Der.octetString(new byte[300]);
        byte[] outer = Der.sequence(Der.integer(5), inner, Der.nullValue());
        List<byte[]> children = Der.children(outer);
        assertEquals(3, children.size());
        assertArrayEquals(Der.integer(5), children.get(0));
        assertArrayEquals(inner, children.get(1));
        assertArrayEquals(new byte[300], Der.contents(children.get(1)));
        assertThrows(IllegalArgumentException.class, () -> Der.children(Arrays.copyOf(outer, outer.length - 1)));
        assertThrows(IllegalArgumentException.class, () -> Der.children(Der.integer(5)));
    }
}
