package io.consulfactory.spec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CidrTest {

    @Test
    void acceptsCanonicalIpv4AndIpv6Blocks() {
        assertFalse(Cidr.parse("10.0.0.0/16").ipv6());
        assertFalse(Cidr.parse("192.0.2.7/32").ipv6());
        assertTrue(Cidr.parse("2001:db8::/32").ipv6());
        assertTrue(Cidr.parse("2600:1f18:abcd:1200::/56").ipv6());
        assertFalse(Cidr.parse("10.0.0.0/8").isAnywhere());
    }

    @Test
    void hostBitsSetSuggestTheNetwork() {
        assertEquals("'10.0.0.1/16' has host bits set; did you mean 10.0.0.0/16?",
                assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.1/16")).getMessage());
        assertEquals("'2001:db8::1/32' has host bits set; did you mean 2001:db8::/32?",
                assertThrows(IllegalArgumentException.class, () -> Cidr.parse("2001:db8::1/32")).getMessage());
        assertEquals("'2001:db8:0:1:0:0:0:1/64' has host bits set; did you mean 2001:db8:0:1::/64?",
                assertThrows(IllegalArgumentException.class, () -> Cidr.parse("2001:db8:0:1:0:0:0:1/64")).getMessage());
    }

    @Test
    void rejectsWhatIsNotACidr() {
        for (String bad : new String[]{"10.0.0.0", "10.0.0/16", "10.0.0.0/", "1.2.3.4/33", "01.2.3.0/24", "::/", ":::/8",
                "2001:db8::/129", "host.example/32", "10.0.0.0/16 ", " 10.0.0.0/16", "1:2:3:4:5:6:7:8:9/64", "fe80::1%eth0/64"}) {
            assertThrows(IllegalArgumentException.class, () -> Cidr.parse(bad), bad);
        }
    }

    @Test
    void everySpellingOfABlockHasOneCanonicalText() {
        assertEquals("2001:db8::/32", Cidr.parse("2001:DB8::/32").text());
        assertEquals("2001:db8::/32", Cidr.parse("2001:0db8:0000:0000:0000:0000:0000:0000/32").text());
        assertEquals("2001:db8::/32", Cidr.parse("2001:db8:0::0/32").text());
        assertEquals("2001:db8:0:1::/64", Cidr.parse("2001:DB8:0:1:0:0:0:0/64").text());
        assertEquals("2001:0:0:1::/64", Cidr.parse("2001::1:0:0:0:0/64").text(), "the longer zero run is the one compressed");
        assertEquals("1:2:3:4:5:6:7:0/128", Cidr.parse("1:2:3:4:5:6:7::/128").text(), "one zero group is not compressed");
        assertEquals("::/0", Cidr.parse("0:0:0:0:0:0:0:0/0").text());
        assertEquals("::ffff:0:0/96", Cidr.parse("::FFFF:0:0/96").text(), "IPv4-mapped stays IPv6");
        assertEquals("10.0.0.0/16", Cidr.parse("10.0.0.0/16").text());
    }

    @Test
    void rejectsMalformedIpv6() {
        for (String bad : new String[]{"1::2::3/64", "12345::/16", ":1::/16", "1:/16", "1:2:3:4:5:6:7:8::/128", "1:2:3:4:5:6:7/64",
                ":::1/128", "1::2:/64", "g::/16", "::/064", "::1.2.3.4/128", "2001:db8::/32/", "2001:db8::%1/32"}) {
            assertThrows(IllegalArgumentException.class, () -> Cidr.parse(bad), bad);
        }
    }

    @Test
    void whatIsRefusedIsShownEscaped() {
        assertEquals("'10.0.0.0/16\\u000A' is not a CIDR block like 10.0.0.0/16 or 2001:db8::/32",
                assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/16\n")).getMessage());
    }
}
