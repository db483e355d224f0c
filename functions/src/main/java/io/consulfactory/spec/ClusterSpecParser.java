package io.consulfactory.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consulfactory.aws.Tags;
import io.consulfactory.lambda.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
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
 *
 * <p>Input read as text is one JSON document of at most {@link #MAX_INPUT_BYTES}, with no key twice in an
 * object: the same rules wherever it arrives (this parser's {@link #parse(String, String)}, and ValidateInput's
 * event through {@link #READER}). Whatever the input holds, the answer is a spec or an
 * {@link InvalidSpecException} whose message shows input text only through {@link Shown}.
 */
public final class ClusterSpecParser {

    public static final int DEFAULT_SERVER_COUNT = 3;
    public static final String DEFAULT_INSTANCE_TYPE = "t3.small";
    public static final String DEFAULT_CONSUL_VERSION = "1.20.2";
    public static final String DEFAULT_DATACENTER = "dc1";
    public static final int DEFAULT_KEEP_IMAGES = 3;
    public static final int DEFAULT_MAX_IMAGE_AGE_DAYS = 30;
    /** A roll or step of a running cluster needs a snapshot younger than this: the hourly one, with an hour to spare. */
    public static final int DEFAULT_MAX_SNAPSHOT_AGE_HOURS = 2;
    /** {@code restoreFrom}: the newest snapshot of the cluster, or one object of the stack's bucket (contract 15's key form). */
    public static final Pattern RESTORE_FROM = Pattern.compile("latest|s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/[a-z][a-z0-9-]{1,30}[a-z0-9]/[A-Za-z0-9][A-Za-z0-9._-]{0,200}\\.snap");
    /**
     * The join tag when the input names none: the cluster's own name under {@link Tags#CLUSTER}, a tag the factory
     * puts on every server anyway. Per cluster, so two clusters' servers never find each other (the join tag
     * once defaulted to {@code service=consul-server} for every cluster, and Consul's cloud auto-join then joined
     * any server of any cluster in the region that carried it).
     */
    public static ClusterSpec.JoinTag defaultJoinTag(String clusterName) {
        return new ClusterSpec.JoinTag(Tags.CLUSTER, clusterName);
    }

    /** Canonical's public parameter for the current Ubuntu 24.04 image; %s is amd64 or arm64. */
    public static final String UBUNTU_PARAMETER = "/aws/service/canonical/ubuntu/server/24.04/stable/current/%s/hvm/ebs-gp3/ami-id";

    /**
     * The oldest Consul the server config ({@link io.consulfactory.consul.ConsulConfig}) and the boot script
     * work with. The config's {@code ui_config} block came in 1.9.0 (CHANGELOG 1.9.0, November 24 2020, GH-8694:
     * "moved ui config options to a new ui_config stanza"; https://github.com/hashicorp/consul/pull/8919), and an
     * older agent refuses a config key it does not know, so it would not start. Everything else is older:
     * autopilot {@code min_quorum} 1.7.0 (GH-6654), the cloud auto-join {@code retry_join} 0.9.1, the
     * {@code /v1/operator/autopilot/health} and {@code /configuration?cas=} endpoints 0.8.0, and a
     * {@code linux_arm64} release zip for Graviton builders 1.6.2.
     */
    public static final String MIN_CONSUL_VERSION = "1.9.0";
    /**
     * Step Functions' quota for an execution's input: 256 KiB, counted as UTF-8 bytes
     * (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html, "Maximum input or output size
     * for a task, state, or execution"; StartExecution's {@code input}: "Maximum length of 262144").
     */
    public static final int MAX_INPUT_BYTES = 262_144;
    /** The spec nests two levels ({@code joinTag.key}); deeper input is refused before it is walked. */
    public static final int MAX_DEPTH = 64;
    /** At most this many broken rules are written into the message (all are in {@link InvalidSpecException#violations()}). */
    static final int MAX_REPORTED = 20;

    /**
     * How execution input is read from text: one document, no key twice, numbers exactly as written (a
     * fraction stays a fraction: {@code 3.0} is not taken for {@code 3}, and {@code 1e400} is not Infinity), and
     * no deeper than {@link #MAX_DEPTH}. Names and strings may be as long as the input: its size is the rule that
     * speaks, and a long name is then refused and shown cut.
     */
    public static final ObjectReader READER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxNameLength(StreamReadConstraints.DEFAULT_MAX_STRING_LEN)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .build()
            .reader();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = new LinkedHashSet<>(List.of("clusterName", "vpcId", "subnetIds",
            "serverCount", "instanceType", "consulVersion", "datacenter", "baseImage", "joinTag", "apiAllowedCidrs",
            "sshAllowedCidrs", "keepImages", "maxImageAgeDays", "allowSingleZone", "maxSnapshotAgeHours", "restoreFrom"));
    /**
     * Tag keys the factory itself writes on servers with values of its own (the server count tag the boot
     * script reads, the role, the Name): a join tag under one of them would be overwritten or would overwrite it.
     * {@link Tags#CLUSTER} is allowed with the cluster's own name only, which is what the factory writes there.
     */
    private static final Set<String> RESERVED_TAG_KEYS = Set.of(Tags.MANAGED_BY, Tags.SERVER_COUNT, Tags.ROLE, "Name");

    private static final Pattern CLUSTER_NAME = Pattern.compile("[a-z][a-z0-9-]*[a-z0-9]");
    private static final Pattern VPC_ID = Pattern.compile("vpc-([0-9a-f]{8}|[0-9a-f]{17})");
    private static final Pattern SUBNET_ID = Pattern.compile("subnet-([0-9a-f]{8}|[0-9a-f]{17})");
    private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9]+");
    private static final Pattern VERSION = Pattern.compile("(0|[1-9][0-9]{0,3})\\.(0|[1-9][0-9]{0,3})\\.(0|[1-9][0-9]{0,3})");
    private static final Pattern DATACENTER = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Pattern SSM_PARAMETER = Pattern.compile("/[A-Za-z0-9_./-]{1,2047}");
    private static final Pattern IMAGE_ID = Pattern.compile("ami-([0-9a-f]{8}|[0-9a-f]{17})");
    // EC2's tag characters (letters, digits, spaces and _ . : / = + - @) less the space and "=": Consul hands
    // retry_join to go-discover, whose Parse (hashicorp/go-discover config.go) reads "key=val key=val" and ends
    // an unquoted key or value at the first space or "=", so either would cut the tag and break auto-join.
    // ConsulConfig writes the pair unquoted, hence no '"' or '\' either (they start go-discover's quoting).
    private static final Pattern TAG_KEY = Pattern.compile("[A-Za-z0-9_.:/+@-]{1,128}");
    private static final Pattern TAG_VALUE = Pattern.compile("[A-Za-z0-9_.:/+@-]{1,256}");
    // AWS Graviton: a1, or a family whose generation digit is followed by "g" (t4g, m7gd, c7gn, im4gn, g5g).
    private static final Pattern GRAVITON = Pattern.compile("(a1|[a-z]+[0-9]+g[a-z]*)\\..+");

    private ClusterSpecParser() {
    }

    /** {@code arm64} for AWS Graviton instance types, {@code x86_64} for the rest (EC2's architecture names). */
    public static String architectureOf(String instanceType) {
        return GRAVITON.matcher(instanceType).matches() ? "arm64" : "x86_64";
    }

    /**
     * Parses JSON text: malformed JSON, a key twice, content after the document or more than
     * {@link #MAX_INPUT_BYTES} are violations of {@code (input)} (or {@code (defaults)}), a repeated key of the key.
     */
    public static ClusterSpec parse(String inputJson, String defaultsJson) {
        if (inputJson != null && utf8Length(inputJson) > MAX_INPUT_BYTES) {
            throw InvalidSpecException.of("(input)", tooLarge(utf8Length(inputJson)));
        }
        return parse(readJson("(input)", inputJson), readJson("(defaults)", defaultsJson));
    }

    /**
     * @param input    the execution input: a JSON object (fields left out or {@code null} take defaults)
     * @param defaults the deployed stack's defaults, same field names; may be {@code null}
     */
    public static ClusterSpec parse(JsonNode input, JsonNode defaults) {
        // The input as a tree (Step Functions passes a JSON object): its depth and size as text first, so that
        // nothing below walks a tree it could not have been sent as.
        String shape = shapeProblem(input);
        if (shape != null) {
            throw InvalidSpecException.of("(input)", shape);
        }
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
        List<String> subnetIds = f.list("subnetIds", null, 1, 16, value -> {
            if (!SUBNET_ID.matcher(value).matches()) {
                throw new IllegalArgumentException(Shown.value(value) + " is not a subnet id: subnet- followed by 8 or 17 hex digits");
            }
            return value;
        });
        int serverCount = f.integer("serverCount", DEFAULT_SERVER_COUNT, 3, 7);
        if (serverCount % 2 == 0) {
            f.violation("serverCount", "must be odd (3, 5 or 7): an even count adds no failure tolerance to Consul's"
                    + " quorum, and a split can leave no majority");
        }
        String instanceType = f.text("instanceType", DEFAULT_INSTANCE_TYPE, INSTANCE_TYPE, 3, 32,
                "an EC2 instance type like t3.small or m7g.large");
        String consulVersion = consulVersion(f);
        String datacenter = f.text("datacenter", DEFAULT_DATACENTER, DATACENTER, 1, 63,
                "1 to 63 lowercase letters, digits, hyphens and underscores, starting with a letter or digit");
        ClusterSpec.BaseImage baseImage = baseImage(f, instanceType);
        ClusterSpec.JoinTag joinTag = joinTag(f, clusterName);
        List<String> apiAllowedCidrs = f.cidrs("apiAllowedCidrs", null);
        List<String> sshAllowedCidrs = f.cidrs("sshAllowedCidrs", List.of());
        int keepImages = f.integer("keepImages", DEFAULT_KEEP_IMAGES, 1, 20);
        int maxImageAgeDays = f.integer("maxImageAgeDays", DEFAULT_MAX_IMAGE_AGE_DAYS, 1, 365);
        boolean allowSingleZone = f.bool("allowSingleZone", false);
        int maxSnapshotAgeHours = f.integer("maxSnapshotAgeHours", DEFAULT_MAX_SNAPSHOT_AGE_HOURS, 1, 168);
        String restoreFrom = f.text("restoreFrom", null, RESTORE_FROM, 6, 300,
                "\"latest\" or s3://<bucket>/<cluster>/<name>.snap (a snapshot the factory saved)", false);

        if (!violations.isEmpty()) {
            throw new InvalidSpecException(violations);
        }
        return new ClusterSpec(clusterName, vpcId, subnetIds, serverCount, instanceType, consulVersion, datacenter,
                baseImage, joinTag, apiAllowedCidrs, sshAllowedCidrs, keepImages, maxImageAgeDays, allowSingleZone,
                maxSnapshotAgeHours, restoreFrom);
    }

    /**
     * The exception for an event that {@link #READER} could not read, where the event is an envelope whose
     * {@code input} member is the execution input ({@code {"input": …, …}}, as the state machine passes it to
     * ValidateInput and StartTeardown): paths inside {@code input} are the input's, anything else is {@code (input)}.
     */
    public static InvalidSpecException unreadableEvent(JsonProcessingException e) {
        List<Object> path = Json.path(e);
        boolean inInput = !path.isEmpty() && "input".equals(path.get(0));
        return unreadable("(input)", e, inInput ? 1 : path.size() + 1);
    }

    /**
     * The exception for execution input that {@link #READER} could not read (this parser's, or ValidateInput's
     * event): a repeated key is named by its path, anything else is a violation of {@code field}.
     *
     * @param skip how many leading path segments are the envelope's, not the input's ({@code input} of the event)
     */
    public static InvalidSpecException unreadable(String field, JsonProcessingException e, int skip) {
        List<Object> path = Json.path(e);
        if (Json.isDuplicateKey(e) && path.size() > skip) {
            return InvalidSpecException.of(path(path.subList(skip, path.size())), "is given twice in one object; JSON"
                    + " leaves which one counts to the reader, so the input must say it once");
        }
        String where = e.getLocation() == null || e.getLocation().getLineNr() < 0 ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        if (e instanceof Json.TrailingContentException) {
            return InvalidSpecException.of(field, "has more after its JSON value ends" + where
                    + ": an execution input is exactly one JSON object");
        }
        if (e instanceof StreamConstraintsException && e.getOriginalMessage() != null
                && e.getOriginalMessage().contains("nesting depth")) {
            return InvalidSpecException.of(field, "nests deeper than " + MAX_DEPTH + " levels; the spec itself nests 2");
        }
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        // Jackson's hints are for whoever configures the parser ("enable `JsonReadFeature.…` to allow"), not the operator.
        message = message.replaceAll("[:;]? *\\(?(enable|set) `?(JsonReadFeature|JsonParser\\.Feature|StreamReadFeature)[^)]*\\)?.*$", "");
        return InvalidSpecException.of(field, "is not valid JSON" + where + ": " + Shown.text(message, 200));
    }

    private static String path(List<Object> segments) {
        StringBuilder out = new StringBuilder();
        for (Object segment : segments) {
            if (segment instanceof Integer index) {
                out.append('[').append(index).append(']');
            } else {
                out.append(out.length() == 0 ? "" : ".").append(Shown.name((String) segment));
            }
        }
        return out.length() == 0 ? "(input)" : out.toString();
    }

    private static String tooLarge(long bytes) {
        return "is " + bytes + " bytes of JSON (UTF-8); Step Functions takes at most " + MAX_INPUT_BYTES
                + " bytes (256 KiB) of execution input";
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** Too deep or too large for Step Functions to have sent: the rule it breaks, else {@code null}. */
    private static String shapeProblem(JsonNode input) {
        if (input == null) {
            return null;
        }
        // Iterative, not recursive: a tree built in code can be deeper than any stack.
        Deque<Map.Entry<JsonNode, Integer>> todo = new ArrayDeque<>();
        todo.push(Map.entry(input, 1));
        while (!todo.isEmpty()) {
            Map.Entry<JsonNode, Integer> next = todo.pop();
            if (next.getValue() > MAX_DEPTH) {
                return "nests deeper than " + MAX_DEPTH + " levels; the spec itself nests 2";
            }
            if (next.getKey().isContainerNode()) {
                next.getKey().elements().forEachRemaining(child -> todo.push(Map.entry(child, next.getValue() + 1)));
            }
        }
        // Written compactly, as the shortest text the input could have come as.
        long[] bytes = {0};
        try {
            JSON.writeValue(new OutputStream() {
                @Override
                public void write(int b) {
                    bytes[0]++;
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    bytes[0] += len;
                }
            }, input);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree of bounded depth always serialises", e);
        }
        return bytes[0] > MAX_INPUT_BYTES ? tooLarge(bytes[0]) : null;
    }

    private static String consulVersion(Fields f) {
        String version = f.text("consulVersion", DEFAULT_CONSUL_VERSION, VERSION, 5, 14,
                "a Consul release version x.y.z, like 1.20.2 (no \"v\", no suffix)");
        if (version != null && compareVersions(version, MIN_CONSUL_VERSION) < 0) {
            f.violation("consulVersion", Shown.value(version) + " is older than " + MIN_CONSUL_VERSION
                    + ", the oldest Consul the factory's server config runs on (its ui_config block came in Consul "
                    + MIN_CONSUL_VERSION + ")");
            return null;
        }
        return version;
    }

    /** Compares two x.y.z versions numerically (1.10.0 is newer than 1.9.0). */
    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < 3; i++) {
            int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
            if (c != 0) {
                return c;
            }
        }
        return 0;
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

    private static ClusterSpec.JoinTag joinTag(Fields f, String clusterName) {
        JsonNode node = f.object("joinTag", Set.of("key", "value"));
        if (node == null) {
            return defaultJoinTag(clusterName);
        }
        Fields inner = f.nested("joinTag", node);
        String key = inner.text("key", null, TAG_KEY, 1, 128, "an EC2 tag key of 1 to 128 letters, digits and _ . : / + @ -"
                + " (no space or =: Consul's cloud auto-join reads retry_join as space-separated key=value pairs)");
        String value = inner.text("value", null, TAG_VALUE, 1, 256, "an EC2 tag value of 1 to 256 letters, digits and _ . : / + @ -"
                + " (no space or =: Consul's cloud auto-join reads retry_join as space-separated key=value pairs)");
        if (key != null && key.toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
            f.violation("joinTag.key", "must not start with aws: (reserved by AWS)");
        }
        if (key != null && RESERVED_TAG_KEYS.contains(key)) {
            f.violation("joinTag.key", "must not be one of the factory's own tag keys " + new java.util.TreeSet<>(RESERVED_TAG_KEYS)
                    + ": the factory writes its own values there");
        }
        if (Tags.CLUSTER.equals(key) && value != null && clusterName != null && !value.equals(clusterName)) {
            f.violation("joinTag.value", Shown.value(value) + " is not this cluster's name: the key " + Tags.CLUSTER
                    + " is the factory's own tag, allowed as the join tag only with the cluster's name ("
                    + Tags.CLUSTER + "=" + clusterName + ", the default); servers tagged otherwise would belong to another cluster");
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
                violations.add(new InvalidSpecException.Violation(Shown.name(field.getKey()), "unknown field; known fields are " + FIELDS));
            } else if (!field.getValue().isNull()) {
                into.set(field.getKey(), field.getValue());
            }
        }
    }

    private static JsonNode readJson(String what, String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        if (json.charAt(0) == '\uFEFF') {
            // RFC 8259 §8.1: JSON text must not begin with a byte order mark; the console does not show one.
            throw InvalidSpecException.of(what, "begins with a byte order mark (U+FEFF): send the JSON without it");
        }
        try {
            return Json.readDocument(READER.forType(JsonNode.class), json);
        } catch (JsonProcessingException e) {
            throw unreadable(what, e, 0);
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail to read", e);
        }
    }

    /** What a value is, for "got …": its kind, and for a scalar the value as the input wrote it. */
    static String kind(JsonNode node) {
        if (node.isTextual()) {
            return "a string " + Shown.value(node.textValue());
        }
        if (node.isIntegralNumber()) {
            return "an integer " + number(node);
        }
        if (node.isNumber()) {
            String number = number(node);
            return number.startsWith("a number") ? number : "a number " + number;
        }
        if (node.isBoolean()) {
            return "a boolean " + node.booleanValue();
        }
        if (node.isArray()) {
            return "an array";
        }
        return node.isObject() ? "an object" : "null";
    }

    /** A number as the input wrote it, near enough: 3.0 stays 3.0, 1e400 is 1e400 (not Infinity), cut if long. */
    static String number(JsonNode node) {
        String text;
        if (node.isBigDecimal()) {
            // A decimal node is a fraction or an exponent as written; with no fraction digits it keeps its
            // exponent visible (5e0, 1e400), so that it never reads as the integer it was not written as.
            BigDecimal d = node.decimalValue();
            text = d.scale() <= 0 ? d.unscaledValue() + "e" + (-d.scale())
                    : d.toString().replace("E+", "e").replace("E", "e");
        } else if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
            return "a number beyond a double's range";
        } else {
            text = node.asText();
        }
        return text.length() > 40 ? text.substring(0, 39) + "…(" + text.length() + " digits)" : text;
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

        /** Records a broken rule (what it echoes of the input is already {@link Shown}). */
        void violation(String field, String rule) {
            violations.add(new InvalidSpecException.Violation(prefix + field, rule));
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
                violation(name, Shown.value(text) + " is not " + rule);
                return null;
            }
            return text;
        }

        int integer(String name, int fallback, int min, int max) {
            JsonNode value = get(name);
            if (value == null) {
                return fallback;
            }
            String wanted = "must be an integer from " + min + " to " + max + ", got ";
            if (!value.isNumber()) {
                violation(name, wanted + kind(value));
                return fallback;
            }
            if (!value.isIntegralNumber()) {
                // A fraction or an exponent is refused even when it is whole: 3.0 would be read as 3, but the
                // input then says something its writer did not (and 1e400 is no count at all).
                String whole = wholeNumber(value);
                violation(name, wanted + number(value) + ", not an integer"
                        + (whole == null ? "" : " (write " + whole + ")"));
                return fallback;
            }
            if (!value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
                violation(name, wanted + number(value) + ", out of range");
                return fallback;
            }
            return value.intValue();
        }

        /** The plain integer a whole, not too long number stands for (3 for 3.0, 100 for 1e2), else null. */
        private static String wholeNumber(JsonNode value) {
            if (!value.isBigDecimal() && !(value.isDouble() && Double.isFinite(value.doubleValue()))) {
                return null;
            }
            BigDecimal exact = value.isBigDecimal() ? value.decimalValue() : BigDecimal.valueOf(value.doubleValue());
            if (exact.signum() == 0) {
                return "0";
            }
            BigDecimal stripped = exact.stripTrailingZeros();
            if (stripped.scale() > 0 || stripped.precision() - stripped.scale() > 12) {
                return null;
            }
            return stripped.toBigIntegerExact().toString();
        }

        boolean bool(String name, boolean fallback) {
            JsonNode value = get(name);
            if (value == null) {
                return fallback;
            }
            if (!value.isBoolean()) {
                violation(name, "must be true or false, got " + kind(value));
                return fallback;
            }
            return value.booleanValue();
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
                    violation(name + "." + Shown.name(field), "unknown field; known fields are " + new java.util.TreeSet<>(known));
                }
            });
            return value;
        }

        interface ItemRule {
            /**
             * @return the item as the spec keeps it (its canonical spelling), which is also what "listed twice" compares
             * @throws IllegalArgumentException what is wrong with the item, as its message
             */
            String canonical(String value);
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
            Map<String, Integer> seen = new HashMap<>();
            // Bounded: a long list is refused for its length above, and its first items are enough to read.
            for (int i = 0; i < Math.min(value.size(), max + 10); i++) {
                String path = name + "[" + i + "]";
                JsonNode item = value.get(i);
                if (!item.isTextual()) {
                    violation(path, "must be a string, got " + kind(item));
                    continue;
                }
                String canonical;
                try {
                    canonical = rule.canonical(item.textValue());
                } catch (IllegalArgumentException e) {
                    violation(path, e.getMessage());
                    continue;
                }
                Integer first = seen.putIfAbsent(canonical, i);
                if (first != null) {
                    String same = canonical.equals(item.textValue()) ? "" : " (" + canonical + ")";
                    violation(path, Shown.value(item.textValue()) + same + " is listed twice: it is " + name + "[" + first + "]");
                    continue;
                }
                items.add(canonical);
            }
            return items;
        }

        /**
         * A list of CIDRs, each kept in its canonical spelling ({@link Cidr}); the same block spelt twice is
         * refused like any item listed twice (not merged): two spellings of one block usually mean one of them
         * was meant to be another block.
         */
        List<String> cidrs(String name, List<String> fallback) {
            JsonNode value = get(name);
            if (value == null) {
                return fallback;
            }
            return list(name, fallback, 0, 20, text -> Cidr.parse(text).text());
        }
    }
}
