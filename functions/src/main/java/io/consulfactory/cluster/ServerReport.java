package io.consulfactory.cluster;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one server last said about Consul on its serial console (the boot script's protocol, see boot.sh):
 * {@code CONSUL_JOIN_RESULT=OK|FAILED …} once, when it joined or gave up, then {@code CONSUL_STATUS …} every 30 s.
 * Fields are {@code key=value} separated by spaces; {@code reason=} is last and takes the rest of the line.
 *
 * @param kind   {@link Kind#JOINED}, {@link Kind#JOIN_FAILED} or {@link Kind#STATUS}
 * @param at     the server's own time of the line ({@code at=}), or {@code null} if it gave none
 * @param fields every field of the line, {@code reason} included
 */
public record ServerReport(Kind kind, Instant at, Map<String, String> fields) {

    public enum Kind { JOINED, JOIN_FAILED, STATUS }

    static final String JOIN = "CONSUL_JOIN_RESULT=";
    static final String STATUS = "CONSUL_STATUS ";

    /**
     * The newest report on a console, and whether the server ever gave a join result. A join result is kept
     * even when newer status lines follow, so a FAILED join is never hidden by what came after.
     */
    public record Console(Optional<ServerReport> joinResult, Optional<ServerReport> latest) {

        /** Nothing reported yet. */
        public boolean silent() {
            return latest.isEmpty();
        }
    }

    /** Reads a whole console: the last join result and the last line of either kind. */
    public static Console read(String console) {
        ServerReport join = null;
        ServerReport latest = null;
        for (String raw : console.split("\r?\n")) {
            String line = raw.strip();
            ServerReport report = parse(line);
            if (report == null) {
                continue;
            }
            if (report.kind() != Kind.STATUS) {
                join = report;
            }
            latest = report;
        }
        return new Console(Optional.ofNullable(join), Optional.ofNullable(latest));
    }

    /** One line, or {@code null} when it is not a report (the console holds the whole boot's output). */
    static ServerReport parse(String line) {
        int start = line.indexOf(JOIN);
        Kind kind;
        String rest;
        if (start >= 0) {
            rest = line.substring(start + JOIN.length());
            kind = rest.startsWith("OK") ? Kind.JOINED : rest.startsWith("FAILED") ? Kind.JOIN_FAILED : null;
            if (kind == null) {
                return null;
            }
            rest = rest.substring(kind == Kind.JOINED ? 2 : 6);
        } else if ((start = line.indexOf(STATUS)) >= 0) {
            kind = Kind.STATUS;
            rest = line.substring(start + STATUS.length());
        } else {
            return null;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        int reason = rest.indexOf("reason=");
        if (reason >= 0 && (reason == 0 || rest.charAt(reason - 1) == ' ')) {
            fields.put("reason", rest.substring(reason + "reason=".length()).strip());
            rest = rest.substring(0, reason);
        }
        for (String field : rest.strip().split(" +")) {
            int eq = field.indexOf('=');
            if (eq > 0) {
                fields.put(field.substring(0, eq), field.substring(eq + 1));
            }
        }
        Instant at = null;
        try {
            at = fields.containsKey("at") ? Instant.parse(fields.get("at")) : null;
        } catch (DateTimeParseException e) {
            // a line without a readable time is never recent
        }
        return new ServerReport(kind, at, Map.copyOf(fields));
    }

    public String node() {
        return fields.getOrDefault("node", "");
    }

    /** The leader's address as Consul gives it ({@code 10.0.1.10:8300}), or {@code null} when there is none. */
    public String leader() {
        String leader = fields.get("leader");
        return leader == null || leader.isEmpty() || leader.equals("none") ? null : leader;
    }

    public int voters() {
        return integer("voters");
    }

    public int failureTolerance() {
        return integer("failure_tolerance");
    }

    /** Autopilot's MinQuorum, on status lines only; -1 when the line does not say. */
    public int minQuorum() {
        return integer("min_quorum");
    }

    /** The cluster's autopilot health: status lines say it; a join OK implies it. */
    public boolean healthy() {
        return kind == Kind.JOINED || "true".equals(fields.get("healthy"));
    }

    public String reason() {
        return fields.getOrDefault("reason", "");
    }

    private int integer(String name) {
        try {
            return Integer.parseInt(fields.getOrDefault(name, "-1"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
