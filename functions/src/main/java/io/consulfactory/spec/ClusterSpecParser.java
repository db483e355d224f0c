package io.consulfactory.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consulfactory.aws.Tags;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns an execution input into a {@link ClusterSpec}: the stack's defaults under it, the built-in
 * defaults under those, and every rule checked. All broken rules are reported at once, each naming its
 * field, and no AWS call is made. Values end up in IAM and EC2 names, tags and shell scripts, so every
 * text field is held to a strict pattern: no whitespace, quotes or shell metacharacters get through.
 */
public final class ClusterSpecParser {

    public static final int DEFAULT_SERVER_COUNT = 3;
    public static final String DEFAULT_INSTANCE_TYPE = "t3.small";
    public static final String DEFAULT_CONSUL_VERSION = "1.20.2";
    public static final String DEFAULT_DATACENTER = "dc1";
    public static final int DEFAULT_KEEP_IMAGES = 3;
    public static final int DEFAULT_MAX_IMAGE_AGE_DAYS = 30;
    public static final ClusterSpec.JoinTag DEFAULT_JOIN_TAG = new ClusterSpec.JoinTag("service", "consul-server");
    /** Canonical's public parameter for the current Ubuntu 24.04 image; %s is amd64 or arm64. */
    public static final String UBUNTU_PARAMETER = "/aws/service/canonical/ubuntu/server/24.04/stable/current/%s/hvm/ebs-gp3/ami-id";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = new LinkedHashSet<>(List.of("clusterName", "vpcId", "subnetIds",
            "serverCount", "instanceType", "consulVersion", "datacenter", "baseImage", "joinTag", "apiAllowedCidrs",
            "sshAllowedCidrs", "keepImages", "maxImageAgeDays"));
    private static final Set<String> RESERVED_TAG_KEYS = Set.of(Tags.CLUSTER, Tags.MANAGED_BY, Tags.ROLE, "Name");

    private static final Pattern CLUSTER_NAME = Pattern.compile("[a-z][a-z0-9-]*[a-z0-9]");
    private static final Pattern VPC_ID = Pattern.compile("vpc-([0-9a-f]{8}|[0-9a-f]{17})");
    private static final Pattern SUBNET_ID = Pattern.compile("subnet-([0-9a-f]{8}|[0-9a-f]{17})");
    private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9]+");
    private static final Pattern VERSION = Pattern.compile("(0|[1-9][0-9]{0,3})\\.(0|[1-9][0-9]{0,3})\\.(0|[1-9][0-9]{0,3})");
    private static final Pattern DATACENTER = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Pattern SSM_PARAMETER = Pattern.compile("/[A-Za-z0-9_./-]{1,2047}");
    private static final Pattern IMAGE_ID = Pattern.compile("ami-([0-9a-f]{8}|[0-9a-f]{17})");
    private static final Pattern TAG_KEY = Pattern.compile("[A-Za-z0-9_.:/+=@-]{1,128}");
    private static final Pattern TAG_VALUE = Pattern.compile("[A-Za-z0-9_.:/+=@-]{1,256}");
    // AWS Graviton: a1, or a family whose generation digit is followed by "g" (t4g, m7gd, c7gn, im4gn, g5g).
    private static final Pattern GRAVITON = Pattern.compile("(a1|[a-z]+[0-9]+g[a-z]*)\\..+");

    private ClusterSpecParser() {
    }

    /** {@code arm64} for AWS Graviton instance types, {@code x86_64} for the rest (EC2's architecture names). */
    public static String architectureOf(String instanceType) {
        return GRAVITON.matcher(instanceType).matches() ? "arm64" : "x86_64";
    }

    /** Parses JSON text; malformed JSON is reported as a violation of {@code (input)} or {@code (defaults)}. */
    public static ClusterSpec parse(String inputJson, String defaultsJson) {
        return parse(readJson("(input)", inputJson), readJson("(defaults)", defaultsJson));
    }

    /**
     * @param input    the execution input: a JSON object (fields left out or {@code null} take defaults)
     * @param defaults the deployed stack's defaults, same field names; may be {@code null}
     */
    public static ClusterSpec parse(JsonNode input, JsonNode defaults) {
        List<InvalidSpecException.Violation> violations = new ArrayList<>();
        ObjectNode merged = JSON.createObjectNode();
        merge("(defaults)", defaults, merged, violations);
        merge("(input)", input, merged, violations);
        Fields f = new Fields(merged, violations);

        String clusterName = f.text("clusterName", null, CLUSTER_NAME, 3, 32,
                "3 to 32 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen");
        if (clusterName != null && clusterName.contains("--")) {
            f.violation("clusterName", "must not contain \"--\"");
        }
        String vpcId = f.text("vpcId", null, VPC_ID, 12, 21, "a VPC id: vpc- followed by 8 or 17 hex digits");
        List<String> subnetIds = f.list("subnetIds", null, 1, 16,
                value -> SUBNET_ID.matcher(value).matches() ? null
                        : "'" + value + "' is not a subnet id: subnet- followed by 8 or 17 hex digits");
        int serverCount = f.integer("serverCount", DEFAULT_SERVER_COUNT, 3, 7);
        if (serverCount % 2 == 0) {
            f.violation("serverCount", "must be odd (3, 5 or 7): an even count adds no failure tolerance to Consul's"
                    + " quorum, and a split can leave no majority");
        }
        String instanceType = f.text("instanceType", DEFAULT_INSTANCE_TYPE, INSTANCE_TYPE, 3, 32,
                "an EC2 instance type like t3.small or m7g.large");
        String consulVersion = f.text("consulVersion", DEFAULT_CONSUL_VERSION, VERSION, 5, 14,
                "a Consul release version x.y.z, like 1.20.2 (no \"v\", no suffix)");
        String datacenter = f.text("datacenter", DEFAULT_DATACENTER, DATACENTER, 1, 63,
                "1 to 63 lowercase letters, digits, hyphens and underscores, starting with a letter or digit");
        ClusterSpec.BaseImage baseImage = baseImage(f, instanceType);
        ClusterSpec.JoinTag joinTag = joinTag(f);
        List<String> apiAllowedCidrs = f.cidrs("apiAllowedCidrs", null);
        List<String> sshAllowedCidrs = f.cidrs("sshAllowedCidrs", List.of());
        int keepImages = f.integer("keepImages", DEFAULT_KEEP_IMAGES, 1, 20);
        int maxImageAgeDays = f.integer("maxImageAgeDays", DEFAULT_MAX_IMAGE_AGE_DAYS, 1, 365);

        if (!violations.isEmpty()) {
            throw new InvalidSpecException(violations);
        }
        return new ClusterSpec(clusterName, vpcId, subnetIds, serverCount, instanceType, consulVersion, datacenter,
                baseImage, joinTag, apiAllowedCidrs, sshAllowedCidrs, keepImages, maxImageAgeDays);
    }

    private static ClusterSpec.BaseImage baseImage(Fields f, String instanceType) {
        JsonNode node = f.object("baseImage", Set.of("ssmParameter", "imageId"));
        if (node == null) {
            String arch = architectureOf(instanceType == null ? DEFAULT_INSTANCE_TYPE : instanceType);
            return new ClusterSpec.BaseImage(String.format(UBUNTU_PARAMETER, arch.equals("arm64") ? "arm64" : "amd64"), null);
        }
        Fields inner = f.nested("baseImage", node);
        String parameter = inner.text("ssmParameter", null, SSM_PARAMETER, 2, 2048,
                "an SSM parameter name starting with /, of letters, digits and _ . - /", false);
        String imageId = inner.text("imageId", null, IMAGE_ID, 12, 21, "an AMI id: ami- followed by 8 or 17 hex digits", false);
        boolean hasParameter = node.hasNonNull("ssmParameter");
        boolean hasImage = node.hasNonNull("imageId");
        if (hasParameter == hasImage) {
            f.violation("baseImage", "give exactly one of ssmParameter or imageId");
        }
        return new ClusterSpec.BaseImage(parameter, imageId);
    }

    private static ClusterSpec.JoinTag joinTag(Fields f) {
        JsonNode node = f.object("joinTag", Set.of("key", "value"));
        if (node == null) {
            return DEFAULT_JOIN_TAG;
        }
        Fields inner = f.nested("joinTag", node);
        String key = inner.text("key", null, TAG_KEY, 1, 128,
                "an EC2 tag key of letters, digits and _ . : / + = @ - (no spaces: it goes into Consul's retry_join)");
        String value = inner.text("value", null, TAG_VALUE, 1, 256,
                "an EC2 tag value of letters, digits and _ . : / + = @ - (no spaces: it goes into Consul's retry_join)");
        if (key != null && key.toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
            f.violation("joinTag.key", "must not start with aws: (reserved by AWS)");
        }
        if (key != null && RESERVED_TAG_KEYS.contains(key)) {
            f.violation("joinTag.key", "must not be one of the factory's own tag keys " + new java.util.TreeSet<>(RESERVED_TAG_KEYS));
        }
        return new ClusterSpec.JoinTag(key, value);
    }

    private static void merge(String what, JsonNode source, ObjectNode into, List<InvalidSpecException.Violation> violations) {
        if (source == null || source.isNull() || source.isMissingNode()) {
            return;
        }
        if (!source.isObject()) {
            violations.add(new InvalidSpecException.Violation(what, "must be a JSON object, got " + kind(source)));
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = source.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!FIELDS.contains(field.getKey())) {
                violations.add(new InvalidSpecException.Violation(field.getKey(), "unknown field; known fields are " + FIELDS));
            } else if (!field.getValue().isNull()) {
                into.set(field.getKey(), field.getValue());
            }
        }
    }

    private static JsonNode readJson(String what, String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw InvalidSpecException.of(what, "is not valid JSON: " + e.getOriginalMessage());
        }
    }

    static String kind(JsonNode node) {
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isIntegralNumber()) {
            return "an integer";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isArray()) {
            return "an array";
        }
        return node.isObject() ? "an object" : "null";
    }

    /** Reads the fields of one JSON object, recording every broken rule under its path. */
    private static final class Fields {

        private final JsonNode node;
        private final List<InvalidSpecException.Violation> violations;
        private final String prefix;

        Fields(JsonNode node, List<InvalidSpecException.Violation> violations) {
            this(node, violations, "");
        }

        private Fields(JsonNode node, List<InvalidSpecException.Violation> violations, String prefix) {
            this.node = node;
            this.violations = violations;
            this.prefix = prefix;
        }

        Fields nested(String name, JsonNode child) {
            return new Fields(child, violations, prefix + name + ".");
        }

        /** Records a broken rule; control characters from the input are shown escaped, so it stays one line. */
        void violation(String field, String rule) {
            String oneLine = rule.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
            violations.add(new InvalidSpecException.Violation(prefix + field, oneLine));
        }

        private JsonNode get(String name) {
            JsonNode value = node.get(name);
            return value == null || value.isNull() ? null : value;
        }

        String text(String name, String fallback, Pattern pattern, int min, int max, String rule) {
            return text(name, fallback, pattern, min, max, rule, true);
        }

        /** @param required whether absence without a fallback is a violation */
        String text(String name, String fallback, Pattern pattern, int min, int max, String rule, boolean required) {
            JsonNode value = get(name);
            if (value == null) {
                if (fallback == null && required) {
                    violation(name, "is required: " + rule);
                }
                return fallback;
            }
            if (!value.isTextual()) {
                violation(name, "must be a string, got " + kind(value));
                return null;
            }
            String text = value.asText();
            if (text.length() < min || text.length() > max || !pattern.matcher(text).matches()) {
                violation(name, "'" + shown(text) + "' is not " + rule);
                return null;
            }
            return text;
        }

        int integer(String name, int fallback, int min, int max) {
            JsonNode value = get(name);
            if (value == null) {
                return fallback;
            }
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                violation(name, "must be an integer from " + min + " to " + max + ", got " + kind(value));
                return fallback;
            }
            int n = value.intValue();
            if (n < min || n > max) {
                violation(name, "must be from " + min + " to " + max + ", got " + n);
                return fallback;
            }
            return n;
        }

        JsonNode object(String name, Set<String> known) {
            JsonNode value = get(name);
            if (value == null) {
                return null;
            }
            if (!value.isObject()) {
                violation(name, "must be an object, got " + kind(value));
                return null;
            }
            value.fieldNames().forEachRemaining(field -> {
                if (!known.contains(field)) {
                    violation(name + "." + field, "unknown field; known fields are " + new java.util.TreeSet<>(known));
                }
            });
            return value;
        }

        interface ItemRule {
            /** @return what is wrong with the item, or {@code null} when it is fine */
            String check(String value);
        }

        List<String> list(String name, List<String> fallback, int min, int max, ItemRule rule) {
            JsonNode value = get(name);
            if (value == null) {
                if (fallback == null && min > 0) {
                    violation(name, "is required: an array of " + min + " to " + max + " items");
                }
                return fallback;
            }
            if (!value.isArray()) {
                violation(name, "must be an array, got " + kind(value));
                return fallback == null ? List.of() : fallback;
            }
            if (value.size() < min || value.size() > max) {
                violation(name, "must hold " + min + " to " + max + " items, got " + value.size());
            }
            List<String> items = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < value.size(); i++) {
                String path = name + "[" + i + "]";
                JsonNode item = value.get(i);
                if (!item.isTextual()) {
                    violation(path, "must be a string, got " + kind(item));
                    continue;
                }
                String broken = rule.check(item.asText());
                if (broken != null) {
                    violation(path, broken);
                    continue;
                }
                if (!seen.add(item.asText())) {
                    violation(path, "'" + item.asText() + "' is listed twice");
                    continue;
                }
                items.add(item.asText());
            }
            return items;
        }

        List<String> cidrs(String name, List<String> fallback) {
            JsonNode value = get(name);
            if (value == null) {
                return fallback;
            }
            return list(name, fallback, 0, 20, text -> {
                try {
                    Cidr.parse(text);
                    return null;
                } catch (IllegalArgumentException e) {
                    return e.getMessage();
                }
            });
        }

        /** The value as the operator can read it: long text cut (control characters are escaped by violation). */
        private static String shown(String text) {
            return text.length() > 80 ? text.substring(0, 77) + "..." : text;
        }
    }
}
