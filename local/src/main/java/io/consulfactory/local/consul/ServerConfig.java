package io.consulfactory.local.consul;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server config an image holds, read where the factory's bake script put it: the builder's user data
 * carries the rendered {@code 0-consul.json} as {@code CONSUL_CONFIG_B64} (functions' userdata/bake.sh).
 * Defaults are Consul's where the file leaves a key out
 * (developer.hashicorp.com/consul/docs/reference/agent/configuration-file).
 *
 * @param bootstrapExpect {@code bootstrap_expect} if the baked file still holds it (images baked before the
 *                        contract put the server count on the instance tag), else {@code null}
 */
record ServerConfig(String consulVersion, String datacenter, RetryJoin retryJoin, boolean leaveOnTerminate,
                    Integer bootstrapExpect, AutopilotConfig autopilot) {

    private static final Pattern CONFIG = Pattern.compile("CONSUL_CONFIG_B64='([A-Za-z0-9+/=]*)'");
    private static final Pattern VERSION = Pattern.compile("CONSUL_VERSION='([^']*)'");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The autopilot settings (developer.hashicorp.com/consul/docs/reference/agent/configuration-file/bootstrap):
     * read by the first leader at bootstrap only, changed afterwards through the operator API.
     *
     * @param minQuorum {@code min_quorum}; 0 (no minimum) when unset
     */
    record AutopilotConfig(boolean cleanupDeadServers, Duration lastContactThreshold, int maxTrailingLogs,
                           int minQuorum, Duration serverStabilizationTime) {

        AutopilotConfig withMinQuorum(int n) {
            return new AutopilotConfig(cleanupDeadServers, lastContactThreshold, maxTrailingLogs, n, serverStabilizationTime);
        }
    }

    /**
     * One {@code retry_join} entry in go-discover's {@code key=value key=value} form for the aws provider
     * (github.com/hashicorp/go-discover provider/aws): {@code provider}, {@code region}, {@code tag_key},
     * {@code tag_value}. Simplification: other providers and plain addresses are not read.
     */
    record RetryJoin(String provider, String region, String tagKey, String tagValue) {

        static RetryJoin parse(String text) {
            java.util.Map<String, String> args = new java.util.HashMap<>();
            // go-discover's config syntax: space-separated key=value pairs, a value may be double-quoted with escapes.
            int i = 0;
            while (i < text.length()) {
                while (i < text.length() && text.charAt(i) == ' ') {
                    i++;
                }
                int eq = text.indexOf('=', i);
                if (eq < 0) {
                    break;
                }
                String key = text.substring(i, eq);
                StringBuilder value = new StringBuilder();
                i = eq + 1;
                boolean quoted = i < text.length() && text.charAt(i) == '"';
                if (quoted) {
                    i++;
                }
                while (i < text.length()) {
                    char c = text.charAt(i);
                    if (quoted && c == '\\' && i + 1 < text.length()) {
                        value.append(text.charAt(i + 1));
                        i += 2;
                        continue;
                    }
                    if (quoted ? c == '"' : c == ' ') {
                        i++;
                        break;
                    }
                    value.append(c);
                    i++;
                }
                args.put(key, value.toString());
            }
            return new RetryJoin(args.get("provider"), args.get("region"), args.get("tag_key"), args.get("tag_value"));
        }
    }

    /** The config the factory's bake script installs, or {@code null} if the user data is not such a script. */
    static ServerConfig fromBakeScript(String builderUserData) {
        if (builderUserData == null) {
            return null;
        }
        Matcher config = CONFIG.matcher(builderUserData);
        if (!config.find()) {
            return null;
        }
        JsonNode file;
        try {
            file = JSON.readTree(new String(Base64.getDecoder().decode(config.group(1)), StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            return null; // a config Consul could not parse: treated as no factory config at all
        }
        Matcher version = VERSION.matcher(builderUserData);
        RetryJoin join = null;
        for (JsonNode entry : file.path("retry_join")) {
            RetryJoin parsed = RetryJoin.parse(entry.asText());
            if ("aws".equals(parsed.provider())) {
                join = parsed;
                break;
            }
        }
        JsonNode ap = file.path("autopilot");
        AutopilotConfig autopilot = new AutopilotConfig(ap.path("cleanup_dead_servers").asBoolean(true),
                duration(ap.path("last_contact_threshold").asText("200ms")), ap.path("max_trailing_logs").asInt(250),
                ap.path("min_quorum").asInt(0), duration(ap.path("server_stabilization_time").asText("10s")));
        return new ServerConfig(version.find() ? version.group(1) : "unknown", file.path("datacenter").asText("dc1"), join,
                // leave_on_terminate defaults to false for servers.
                file.path("leave_on_terminate").asBoolean(false),
                file.has("bootstrap_expect") ? file.get("bootstrap_expect").asInt() : null, autopilot);
    }

    /** A Go duration such as {@code 10s}, {@code 200ms} or {@code 1m30s}. */
    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text);
        Duration total = Duration.ZERO;
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
        }
        return total;
    }
}
