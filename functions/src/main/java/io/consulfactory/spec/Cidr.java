package io.consulfactory.spec;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CIDR block as AWS takes it: IPv4 {@code a.b.c.d/n} or IPv6 {@code x:…/n}, with no host bits set.
 *
 * @param text the canonical text, as given
 */
public record Cidr(String text, boolean ipv6) {

    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "\\." + OCTET + "\\." + OCTET + "\\." + OCTET + "/(3[0-2]|[12]?[0-9])");
    private static final Pattern IPV6 = Pattern.compile("([0-9a-fA-F:]{2,39})/(12[0-8]|1[01][0-9]|[1-9]?[0-9])");

    /** Parses a CIDR; the exception's message is the rule it breaks. */
    public static Cidr parse(String text) {
        Matcher v4 = IPV4.matcher(text);
        if (v4.matches()) {
            return checked(text, address(text.substring(0, text.indexOf('/'))), Integer.parseInt(v4.group(5)), 32, false);
        }
        Matcher v6 = IPV6.matcher(text);
        if (v6.matches() && v6.group(1).contains(":") && v6.group(1).chars().filter(c -> c == ':').count() >= 2) {
            byte[] address;
            try {
                // Only hex digits and colons reach here, so this parses a literal and never asks DNS.
                address = InetAddress.getByName(v6.group(1)).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("'" + text + "' is not a valid IPv6 CIDR");
            }
            if (address.length != 16) {
                throw new IllegalArgumentException("'" + text + "' is not a valid IPv6 CIDR");
            }
            return checked(text, address, Integer.parseInt(v6.group(2)), 128, true);
        }
        throw new IllegalArgumentException("'" + text + "' is not a CIDR block like 10.0.0.0/16 or 2001:db8::/32");
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

    private static Cidr checked(String text, byte[] address, int prefix, int bits, boolean ipv6) {
        BigInteger value = new BigInteger(1, address);
        BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
        if (!value.and(hostMask).equals(BigInteger.ZERO)) {
            BigInteger network = value.andNot(hostMask);
            throw new IllegalArgumentException("'" + text + "' has host bits set; did you mean "
                    + format(network, bits) + "/" + prefix + "?");
        }
        return new Cidr(text, ipv6);
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
