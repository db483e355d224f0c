package io.consulfactory.snapshot;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A server's answer on its console (contract 15, printed by the leader's {@code consul-secrets}):
 * {@code CONSUL_SNAPSHOT request=<id> key=<key> index=<n> at=<t>}, {@code CONSUL_SNAPSHOT request=<id> result=FAILED at=<t>
 * reason=<why>}, {@code CONSUL_RESTORE key=<key> result=OK|FAILED at=<t> [reason=<why>]}. Fields are {@code key=value}
 * separated by spaces; {@code reason=} is last and takes the rest of the line.
 */
record BackupLine(String kind, Map<String, String> fields) {

    static final String SNAPSHOT = "CONSUL_SNAPSHOT";
    static final String RESTORE = "CONSUL_RESTORE";

    /** The last line of {@code kind} on {@code console} whose {@code field} is {@code value}. */
    static Optional<BackupLine> last(String console, String kind, String field, String value) {
        BackupLine found = null;
        for (String raw : console.split("\r?\n")) {
            int start = raw.indexOf(kind + " ");
            if (start < 0) {
                continue;
            }
            BackupLine line = parse(kind, raw.substring(start + kind.length() + 1).strip());
            if (value.equals(line.fields().get(field))) {
                found = line;
            }
        }
        return Optional.ofNullable(found);
    }

    private static BackupLine parse(String kind, String rest) {
        Map<String, String> fields = new LinkedHashMap<>();
        int reason = rest.indexOf("reason=");
        if (reason >= 0) {
            fields.put("reason", rest.substring(reason + "reason=".length()));
            rest = rest.substring(0, reason);
        }
        for (String pair : rest.trim().split("\\s+")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.putIfAbsent(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return new BackupLine(kind, fields);
    }

    boolean failed() {
        return "FAILED".equals(fields.get("result"));
    }

    String reason() {
        return fields.getOrDefault("reason", "no reason given");
    }
}
