package io.consulfactory.consul;

import io.consulfactory.spec.ClusterSpec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The two user-data scripts, rendered from the templates in {@code userdata/}: {@code bake.sh} for the
 * builder, {@code boot.sh} for the cluster's servers. A template's placeholders ({@code @@NAME@@}) stand
 * inside single quotes; every one must be given, and no value may hold a single quote, so a value can
 * never leave its string even if it got past the spec's validation.
 */
public final class UserData {

    /** EC2's limit on user data, before base64. */
    public static final int MAX_BYTES = 16 * 1024;

    private static final Pattern PLACEHOLDER = Pattern.compile("@@([A-Z0-9_]+)@@");

    /**
     * A rendered script.
     *
     * @param gzipped whether EC2 gets it gzip-compressed: cloud-init uncompresses gzip user data before it runs it
     *                (cloud-init's "User-data formats": compressed content), and EC2's limit then applies to the
     *                compressed bytes. The bake's script carries HashiCorp's key and the servers' helper and needs it.
     */
    public record Script(String text, boolean gzipped) {

        /** What EC2 is given, before base64: the limit {@link #MAX_BYTES} applies to it. */
        public byte[] payload() {
            return gzipped ? gzip(text) : text.getBytes(StandardCharsets.UTF_8);
        }

        /** As EC2's RunInstances and launch templates take user data. */
        public String base64() {
            return Base64.getEncoder().encodeToString(payload());
        }
    }

    private UserData() {
    }

    /**
     * The builder's script: installs {@code consulVersion}, its download verified by HashiCorp's signature, with
     * the cluster's server config and the servers' helper {@code consul-secrets}.
     */
    public static Script bake(ClusterSpec spec, String region) {
        return bake(spec, region, ReleaseKey.hashicorp());
    }

    /** The builder's script, trusting only releases signed by {@code key}. */
    public static Script bake(ClusterSpec spec, String region, ReleaseKey key) {
        String config = Base64.getEncoder().encodeToString(ConsulConfig.render(spec, region).getBytes(StandardCharsets.UTF_8));
        return render("bake.sh", true, Map.of("CONSUL_VERSION", spec.consulVersion(), "CONSUL_CONFIG_B64", config,
                "RELEASE_KEY", key.armored(), "RELEASE_KEY_FINGERPRINT", key.fingerprint(),
                "RELEASE_SIG_SUFFIX", key.signatureSuffix(), "SECRETS_HELPER_B64", Helper.GZIP_B64));
    }

    /** The servers' boot script for one cluster at one security stage. */
    public static Script boot(BootSettings settings) {
        String security = Base64.getEncoder().encodeToString(
                SecurityConfig.render(settings.securityStage()).getBytes(StandardCharsets.UTF_8));
        return render("boot.sh", false, Map.of(
                "BIND_ADDR_PLACEHOLDER", ConsulConfig.BIND_ADDR_PLACEHOLDER,
                "AWS_REGION", settings.region(),
                "CLIENT_SECRET_ID", settings.clientSecretId(),
                "SERVER_SECRET_ID", settings.serverSecretId(),
                "SECURITY_STAGE", String.valueOf(settings.securityStage()),
                "SECURITY_CONFIG_B64", security,
                "SNAPSHOT_BUCKET", settings.snapshotBucket()));
    }

    /** userdata/consul-secrets.py as the bake carries it: gzip (no file name, mtime 0: the same bytes every time), base64. */
    private static final class Helper {
        static final String GZIP_B64 = Base64.getEncoder().encodeToString(gzip(resource("consul-secrets.py")));
    }

    static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Script render(String template, boolean gzipped, Map<String, String> values) {
        String text = resource(template);
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException(template + " needs a value for @@" + m.group(1) + "@@");
            }
            if (value.indexOf('\'') >= 0 || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("the value for @@" + m.group(1) + "@@ in " + template
                        + " holds a quote or NUL and would leave its shell string");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        for (String name : values.keySet()) {
            if (!text.contains("@@" + name + "@@")) {
                throw new IllegalArgumentException(template + " has no placeholder @@" + name + "@@");
            }
        }
        Script script = new Script(out.toString(), gzipped);
        int size = script.payload().length;
        if (size > MAX_BYTES) {
            throw new IllegalStateException(template + " renders to " + size + " bytes" + (gzipped ? " gzipped" : "")
                    + "; EC2 user data is limited to " + MAX_BYTES);
        }
        return script;
    }

    /** A file of {@code userdata/} in the function package. */
    static String resource(String name) {
        try (InputStream in = UserData.class.getResourceAsStream("/userdata/" + name)) {
            if (in == null) {
                throw new IllegalStateException("userdata/" + name + " is missing from the function package");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
