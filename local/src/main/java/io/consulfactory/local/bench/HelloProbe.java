package io.consulfactory.local.bench;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The floor of every cold start: a bare JVM printing hello world (then, like {@link ColdProbe}, its one
 * result line with its peak RSS). Also the probes' report format, kept here so that this class references
 * nothing of Lambda's: {@link ColdProbe} cannot be loaded without the function package.
 */
public final class HelloProbe {

    static final String RESULT = "COLDPROBE ";
    static final String FAILED = "COLDPROBE_FAILED ";

    private HelloProbe() {
    }

    public static void main(String[] args) {
        System.out.println("hello, world");
        System.out.println(line(0, 0, vmHwmKb(readStatus()), 0));
        System.exit(0);
    }

    /** The peak resident set size from {@code /proc/self/status} ({@code VmHWM:   123456 kB}), or -1. */
    static long vmHwmKb(String status) {
        int at = status.indexOf("VmHWM:");
        if (at < 0) {
            return -1;
        }
        long kb = 0;
        boolean digits = false;
        for (int i = at + "VmHWM:".length(); i < status.length(); i++) {
            char c = status.charAt(i);
            if (c >= '0' && c <= '9') {
                kb = kb * 10 + (c - '0');
                digits = true;
            } else if (digits || c == '\n') {
                break;
            }
        }
        return digits ? kb : -1;
    }

    static String readStatus() {
        try (InputStream in = new FileInputStream("/proc/self/status")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return "";
        }
    }

    static String line(long initNanos, long invokeNanos, long vmHwmKb, int outputBytes) {
        return new StringBuilder(RESULT).append("init_ns=").append(initNanos).append(" invoke_ns=").append(invokeNanos)
                .append(" vmhwm_kb=").append(vmHwmKb).append(" output_bytes=").append(outputBytes).toString();
    }
}
