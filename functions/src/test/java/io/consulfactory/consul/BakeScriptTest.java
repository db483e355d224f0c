package io.consulfactory.consul;

import io.consulfactory.spec.ClusterSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bake.sh, run for real: real curl (from a file:// release mirror), gpg and gpgv, sha256sum, unzip and install in
 * a temporary root; stubs only for what would change the machine (useradd, chown, systemctl, poweroff). The
 * mirror's SHA256SUMS is signed by a throwaway key made here, which the script is rendered to trust as it
 * trusts HashiCorp's.
 */
class BakeScriptTest {

    static final ClusterSpec SPEC = ConsulConfigTest.SPEC;
    static final String SUMS = "consul_" + SPEC.consulVersion() + "_SHA256SUMS";

    static Gpg gpg;
    /** Stands in for HashiCorp's release key. */
    static Gpg.Key releaseKey;
    static Gpg.Key anotherKey;

    @BeforeAll
    static void keys() throws Exception {
        gpg = new Gpg();
        releaseKey = gpg.generate("Consul Cluster Factory test release key");
        anotherKey = gpg.generate("Someone else");
    }

    @AfterAll
    static void stopGpg() throws Exception {
        gpg.close();
    }

    @TempDir
    Path dir;
    ScriptSandbox box;
    Path releases;

    @BeforeEach
    void sandbox() throws IOException {
        box = new ScriptSandbox(dir);
        box.stub("id", "exit 1")                     // no consul user yet
                .stub("useradd", "exit 0")
                .stub("chown", "exit 0")
                .stub("systemctl", "exit 0")
                .stub("poweroff", "exit 0");
        releases = Files.createDirectories(dir.resolve("releases").resolve(SPEC.consulVersion()));
        box.env.put("CONSUL_BAKE_ROOT", box.root.toString());
        box.env.put("CONSUL_BAKE_CONSOLE", box.console.toString());
        box.env.put("CONSUL_RELEASES_URL", dir.resolve("releases").toUri().toString().replaceAll("/$", ""));
    }

    /** Publishes a release zip whose consul binary reports {@code reportedVersion}, and its SHA256SUMS. */
    private void publish(String reportedVersion, boolean honestChecksum) throws Exception {
        String zip = "consul_" + SPEC.consulVersion() + "_linux_amd64.zip";
        Path zipFile = releases.resolve(zip);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zipFile))) {
            out.putNextEntry(new ZipEntry("consul"));
            out.write(("#!/bin/bash\n[ \"$1\" = version ] && { echo 'Consul v" + reportedVersion + "'; echo 'Revision 0'; }\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(zipFile));
        if (!honestChecksum) {
            digest[0] ^= 1;
        }
        publishSums("0000000000000000000000000000000000000000000000000000000000000000  consul_" + SPEC.consulVersion() + "_darwin_arm64.zip\n"
                + HexFormat.of().formatHex(digest) + "  " + zip + "\n", releaseKey);
    }

    /** Publishes the SHA256SUMS and its signature by {@code signer}, named as the release key expects. */
    private void publishSums(String text, Gpg.Key signer) throws Exception {
        Files.writeString(releases.resolve(SUMS), text);
        Files.write(signature(), gpg.sign(signer, releases.resolve(SUMS)));
    }

    private Path signature() {
        return releases.resolve(SUMS + releaseKey.releaseKey().signatureSuffix());
    }

    private ScriptSandbox.Result bake() throws Exception {
        return bake(releaseKey.releaseKey());
    }

    private ScriptSandbox.Result bake(ReleaseKey key) throws Exception {
        return box.run(UserData.bake(SPEC, "eu-west-1", key).text());
    }

    /** Exactly one FAILED line with this reason's start, on stdout and the console; nothing installed; powered off. */
    private void assertRefusedBeforeInstalling(ScriptSandbox.Result result, String reasonStart) throws IOException {
        assertNotEquals(0, result.exit());
        List<String> lines = resultLines(result.stdout());
        assertEquals(1, lines.size(), result.stdout() + result.stderr());
        assertTrue(lines.get(0).startsWith("CONSUL_BAKE_RESULT=FAILED reason=" + reasonStart), lines.get(0));
        assertEquals(lines, resultLines(box.consoleText()));
        assertFalse(Files.exists(box.root.resolve("opt/consul/bin/consul")), "nothing unpacked");
        assertFalse(Files.exists(box.root.resolve("opt/consul/consul.d/0-consul.json")));
        assertTrue(box.calls("useradd").isEmpty() && box.calls("systemctl").isEmpty());
        assertEquals(1, box.calls("poweroff").size(), "a failed builder powers off too");
    }

    private static List<String> resultLines(String text) {
        return text.lines().filter(l -> l.contains("CONSUL_BAKE_RESULT=")).toList();
    }

    @Test
    void installsConsulWritesTheConfigAndTheUnitThenReportsOkAndPowersOff() throws Exception {
        publish(SPEC.consulVersion(), true);

        ScriptSandbox.Result result = bake();

        assertEquals(0, result.exit(), result.stderr());
        assertEquals(List.of("CONSUL_BAKE_RESULT=OK version=1.20.2"), resultLines(result.stdout()));
        assertEquals(List.of("CONSUL_BAKE_RESULT=OK version=1.20.2"), resultLines(box.consoleText()));
        Path home = box.root.resolve("opt/consul");
        assertEquals(ConsulConfig.render(SPEC, "eu-west-1"), Files.readString(home.resolve("consul.d/0-consul.json")));
        assertTrue(Files.isExecutable(home.resolve("bin/consul")));
        assertEquals("/opt/consul/bin/consul", Files.readSymbolicLink(box.root.resolve("usr/local/bin/consul")).toString());
        assertTrue(Files.isDirectory(home.resolve("data")));
        String unit = Files.readString(box.root.resolve("etc/systemd/system/consul.service"));
        assertTrue(unit.contains("ExecStart=/opt/consul/bin/consul agent -config-dir=/opt/consul/consul.d"), unit);
        assertTrue(unit.contains("User=consul") && unit.contains("Type=notify") && unit.contains("LimitNOFILE=65536"), unit);
        assertEquals(List.of("systemctl daemon-reload"), box.calls("systemctl"), "installed, neither enabled nor started");
        assertEquals(1, box.calls("useradd").size());
        assertTrue(box.calls("useradd").get(0).contains("--system"));
        assertEquals(1, box.calls("poweroff").size());
    }

    @Test
    void aChecksumMismatchUnderAGoodSignatureFailsWithoutInstallingAnything() throws Exception {
        publish(SPEC.consulVersion(), false); // the signature on the SHA256SUMS is good; the zip is not the one it lists

        ScriptSandbox.Result result = bake();

        assertNotEquals(0, result.exit());
        List<String> lines = resultLines(result.stdout());
        assertEquals(1, lines.size(), result.stdout());
        assertTrue(lines.get(0).startsWith("CONSUL_BAKE_RESULT=FAILED reason=checksum mismatch for consul_1.20.2_linux_amd64.zip"), lines.get(0));
        assertFalse(Files.exists(box.root.resolve("opt/consul/bin/consul")));
        assertFalse(Files.exists(box.root.resolve("opt/consul/consul.d/0-consul.json")));
        assertEquals(1, box.calls("poweroff").size(), "a failed builder powers off too");
        assertEquals(lines, resultLines(box.consoleText()));
    }

    @Test
    void aDownloadFailureIsReportedAsSuch() throws Exception {
        ScriptSandbox.Result result = bake(); // nothing published: the zip is not there

        assertNotEquals(0, result.exit());
        List<String> lines = resultLines(result.stdout());
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).startsWith("CONSUL_BAKE_RESULT=FAILED reason=download of consul_1.20.2_linux_amd64.zip failed"), lines.get(0));
        assertTrue(box.calls("systemctl").isEmpty());
        assertEquals(1, box.calls("poweroff").size());
    }

    @Test
    void aGoodSignatureByThePinnedKeyLetsTheChecksumDecide() throws Exception {
        publish(SPEC.consulVersion(), true);

        ScriptSandbox.Result result = bake();

        assertEquals(List.of("CONSUL_BAKE_RESULT=OK version=1.20.2"), resultLines(result.stdout()), result.stderr());
        assertFalse(releaseKey.releaseKey().signatureSuffix().equals(".sig"), "the key-named signature, as HashiCorp's .72D7468F.sig");
    }

    @Test
    void aChecksumsFileAlteredAfterSigningIsRefused() throws Exception {
        publish(SPEC.consulVersion(), true);
        // An attacker who can replace the zip rewrites its line in the SHA256SUMS too; the signature catches it.
        Path sums = releases.resolve(SUMS);
        Files.writeString(sums, Files.readString(sums).replace("0000", "1111"));

        ScriptSandbox.Result result = bake();

        assertRefusedBeforeInstalling(result, "signature verification failed: bad signature: " + SUMS + " does not match");
    }

    @Test
    void anAlteredSignatureIsRefused() throws Exception {
        publish(SPEC.consulVersion(), true);
        byte[] sig = Files.readAllBytes(signature());
        sig[sig.length - 5] ^= 0x10; // inside the signature value

        Files.write(signature(), sig);
        ScriptSandbox.Result result = bake();

        assertRefusedBeforeInstalling(result, "signature verification failed: ");
    }

    @Test
    void aSignatureByAnotherKeyIsRefused() throws Exception {
        publish(SPEC.consulVersion(), true);
        publishSums(Files.readString(releases.resolve(SUMS)), anotherKey); // same, honest sums; the wrong signer

        ScriptSandbox.Result result = bake();

        assertRefusedBeforeInstalling(result, "signature verification failed: signature by another key (key id ");
    }

    @Test
    void aShippedKeyThatIsNotThePinnedOneIsRefused() throws Exception {
        publish(SPEC.consulVersion(), true);
        // The key text and its pin disagree (a key file swapped in the package): the script never uses the key.
        ReleaseKey swapped = new ReleaseKey(releaseKey.armored(), anotherKey.fingerprint(), releaseKey.releaseKey().signatureSuffix());

        ScriptSandbox.Result result = bake(swapped);

        assertRefusedBeforeInstalling(result, "signature verification failed: key fingerprint mismatch: the shipped key is "
                + releaseKey.fingerprint() + ", the pinned fingerprint is " + anotherKey.fingerprint());
    }

    @Test
    void aKeyringWithAnExtraKeyIsRefused() throws Exception {
        publish(SPEC.consulVersion(), true);
        ReleaseKey two = new ReleaseKey(releaseKey.armored() + anotherKey.armored(), releaseKey.fingerprint(),
                releaseKey.releaseKey().signatureSuffix());

        ScriptSandbox.Result result = bake(two);

        assertRefusedBeforeInstalling(result, "signature verification failed: key fingerprint mismatch: the shipped key is "
                + releaseKey.fingerprint() + "," + anotherKey.fingerprint());
    }

    @Test
    void aReleaseWithoutItsSignatureFileIsRefused() throws Exception {
        publish(SPEC.consulVersion(), true);
        Files.delete(signature());

        ScriptSandbox.Result result = bake();

        assertRefusedBeforeInstalling(result, "signature verification failed: no signature file " + SUMS
                + releaseKey.releaseKey().signatureSuffix());
    }

    @Test
    void aReleaseMissingFromTheChecksumsFileIsRefused() throws Exception {
        publish(SPEC.consulVersion(), true);
        publishSums("abc  consul_other.zip\n", releaseKey);

        List<String> lines = resultLines(bake().stdout());

        assertEquals(1, lines.size());
        assertTrue(lines.get(0).contains("no line for consul_1.20.2_linux_amd64.zip"), lines.get(0));
    }

    @Test
    void aBinaryOfAnotherVersionIsRefused() throws Exception {
        publish("1.19.0", true);

        List<String> lines = resultLines(bake().stdout());

        assertEquals(1, lines.size());
        assertTrue(lines.get(0).startsWith("CONSUL_BAKE_RESULT=FAILED reason=the unpacked binary reports 'Consul v1.19.0'"), lines.get(0));
    }

    @Test
    void aFailingStepIsNamedEvenWhenTheScriptHadNoSpecificReason() throws Exception {
        publish(SPEC.consulVersion(), true);
        box.stub("systemctl", "exit 3");

        List<String> lines = resultLines(bake().stdout());

        assertEquals(List.of("CONSUL_BAKE_RESULT=FAILED reason=installing the systemd unit failed (exit 3)"), lines);
    }

    @Test
    void installsTheServersSecretsHelperFromTheFunctionPackage() throws Exception {
        publish(SPEC.consulVersion(), true);

        ScriptSandbox.Result result = bake();

        assertEquals(0, result.exit(), result.stderr());
        Path helper = box.root.resolve("opt/consul/bin/consul-secrets");
        assertEquals(Files.readString(Path.of("src/main/resources/userdata/consul-secrets.py")), Files.readString(helper));
        assertEquals("rwxr-xr-x", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(helper)));
        assertFalse(Files.exists(box.root.resolve("opt/consul/tokens")), "no secret in the image");
    }
}
