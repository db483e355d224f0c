package io.consulfactory.spec;

import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CIDR block as AWS takes it: IPv4 {@code a.b.c.d/n} or IPv6 {@code x:…/n}, with no host bits set, in one
 * canonical spelling: IPv4 as dotted decimal without leading zeros (a leading zero is octal to some parsers, so
 * {@code 010.0.0.0/8} is refused, not read one way or the other); IPv6 lowercased and compressed as RFC 5952
 * writes it, so {@code 2001:DB8:0:0::/32} and {@code 2001:db8::/32} are the same block, and a list holding both
 * is found to hold one block twice.
 *
 * <p>Host bits are refused, not cleared: EC2's AuthorizeSecurityGroupIngress takes {@code 10.0.0.1/16} and
 * stores the network, {@code 10.0.0.0/16} (the rule then differs from what was asked, as ansible/ansible#25403
 * found), and {@code 10.0.0.1/16} more often means "this host" ({@code /32}) than "its whole /16". The message
 * names the network, for the operator to choose.
 *
 * @param text the canonical text
 */
public record Cidr(String text, boolean ipv6) {

    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "\\." + OCTET + "\\." + OCTET + "\\." + OCTET + "/(3[0-2]|[12]?[0-9])");
    private static final Pattern IPV6 = Pattern.compile("([0-9a-fA-F:]{2,39})/(12[0-8]|1[01][0-9]|[1-9]?[0-9])");
    private static final Pattern GROUP = Pattern.compile("[0-9a-fA-F]{1,4}");

    /** Parses a CIDR into its canonical spelling; the exception's message is the rule it breaks. */
    public static Cidr parse(String text) {
        Matcher v4 = IPV4.matcher(text);
        if (v4.matches()) {
            return checked(text, address(text.substring(0, text.indexOf('/'))), Integer.parseInt(v4.group(5)), 32, false);
        }
        Matcher v6 = IPV6.matcher(text);
        if (v6.matches() && v6.group(1).contains(":")) {
            byte[] address = ipv6(v6.group(1));
            if (address == null) {
                throw new IllegalArgumentException(Shown.value(text) + " is not a valid IPv6 CIDR");
            }
            return checked(text, address, Integer.parseInt(v6.group(2)), 128, true);
        }
        throw new IllegalArgumentException(Shown.value(text) + " is not a CIDR block like 10.0.0.0/16 or 2001:db8::/32");
    }

    /** 0.0.0.0/0 or ::/0: every address. Allowed only when the spec says so itself. */
    public boolean isAnywhere() {
        return text.endsWith("/0");
    }

    private static byte[] address(String dotted) {
        String[] parts = dotted.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        return bytes;
    }

    /**
     * The 16 bytes of an IPv6 address in RFC 4291's text form (eight groups of 1 to 4 hex digits, at most one
     * "::" standing for one or more zero groups), or {@code null}. Parsed here rather than by InetAddress, which
     * turns IPv4-mapped addresses into IPv4 ones.
     */
    private static byte[] ipv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        String[] head = groups(gap < 0 ? text : text.substring(0, gap));
        String[] tail = gap < 0 ? new String[0] : groups(text.substring(gap + 2));
        if (head == null || tail == null) {
            return null;
        }
        int count = head.length + tail.length;
        if (gap < 0 ? count != 8 : count > 7) {
            return null;
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < head.length; i++) {
            put(bytes, i, head[i]);
        }
        for (int i = 0; i < tail.length; i++) {
            put(bytes, 8 - tail.length + i, tail[i]);
        }
        return bytes;
    }

    /** The groups of one side of "::": none for "", else 1 to 4 hex digits between single colons. */
    private static String[] groups(String side) {
        if (side.isEmpty()) {
            return new String[0];
        }
        String[] groups = side.split(":", -1);
        for (String group : groups) {
            if (!GROUP.matcher(group).matches()) {
                return null;
            }
        }
        return groups;
    }

    private static void put(byte[] bytes, int group, String hex) {
        int value = Integer.parseInt(hex, 16);
        bytes[2 * group] = (byte) (value >> 8);
        bytes[2 * group + 1] = (byte) value;
    }

    private static Cidr checked(String text, byte[] address, int prefix, int bits, boolean ipv6) {
        BigInteger value = new BigInteger(1, address);
        BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
        if (!value.and(hostMask).equals(BigInteger.ZERO)) {
            BigInteger network = value.andNot(hostMask);
            throw new IllegalArgumentException(Shown.value(text) + " has host bits set; did you mean "
                    + format(network, bits) + "/" + prefix + "?");
        }
        return new Cidr(format(value, bits) + "/" + prefix, ipv6);
    }

    private static String format(BigInteger value, int bits) {
        byte[] raw = value.toByteArray();
        byte[] bytes = new byte[bits / 8];
        int copy = Math.min(raw.length, bytes.length);
        System.arraycopy(raw, raw.length - copy, bytes, bytes.length - copy, copy);
        if (bits == 32) {
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        // RFC 5952: the longest run of two or more zero groups becomes "::".
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
