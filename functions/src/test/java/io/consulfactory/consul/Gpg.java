package io.consulfactory.consul;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real gpg in a throwaway home of its own: makes release keys and signatures for tests, and reads keys as
 * bake.sh does ({@code --with-colons --show-keys}). {@link #close()} stops the agent gpg started for this home.
 */
final class Gpg implements AutoCloseable {

    /** A key pair in this home: its primary fingerprint and its public key, armored. */
    record Key(String fingerprint, String armored) {

        /** As bake.sh is given it: the signature file name like HashiCorp's, after the key's short id. */
        ReleaseKey releaseKey() {
            return new ReleaseKey(armored, fingerprint, "." + fingerprint.substring(32) + ".sig");
        }
    }

    /** A primary key as {@code --with-colons} lists it. */
    record Listed(String fingerprint, Optional<Instant> expires) {
    }

    final Path home;

    Gpg() throws IOException {
        // Short and private: gpg-agent's socket path must stay under the kernel's 108 bytes.
        this.home = Files.createTempDirectory("gpg", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /**
     * A new key like HashiCorp's: an Ed25519 primary key that only certifies, and a signing subkey. No passphrase
     * (%no-protection), so the tests sign in batch.
     */
    Key generate(String name) throws IOException, InterruptedException {
        run(("%no-protection\nKey-Type: eddsa\nKey-Curve: ed25519\nKey-Usage: cert\n"
                + "Subkey-Type: eddsa\nSubkey-Curve: ed25519\nSubkey-Usage: sign\n"
                + "Name-Real: " + name + "\nName-Email: release@consul-factory.invalid\nExpire-Date: 1y\n%commit\n"),
                "--generate-key");
        List<Listed> keys = primaryKeys(run(null, "--with-colons", "--list-keys", name));
        String fingerprint = keys.get(keys.size() - 1).fingerprint();
        return new Key(fingerprint, run(null, "--armor", "--export", fingerprint));
    }

    /** A detached binary signature of {@code file}, as HashiCorp's .sig files are, made by {@code key}'s signing subkey. */
    byte[] sign(Key key, Path file) throws IOException, InterruptedException {
        Path sig = home.resolve("signature-" + System.nanoTime());
        run(null, "--local-user", key.fingerprint(), "--output", sig.toString(), "--detach-sign", file.toString());
        byte[] bytes = Files.readAllBytes(sig);
        Files.delete(sig);
        return bytes;
    }

    /** The primary keys in a key file, read as bake.sh reads the shipped key. */
    List<Listed> show(Path keyFile) throws IOException, InterruptedException {
        return primaryKeys(run(null, "--with-colons", "--show-keys", keyFile.toString()));
    }

    /** Each {@code pub} record's expiry (field 7, seconds since the epoch) and the fingerprint of its next {@code fpr}. */
    static List<Listed> primaryKeys(String colons) {
        List<Listed> keys = new ArrayList<>();
        String[] pub = null;
        for (String line : colons.split("\n")) {
            String[] f = line.split(":", -1);
            if (f[0].equals("pub")) {
                pub = f;
            } else if (f[0].equals("fpr") && pub != null) {
                keys.add(new Listed(f[9], pub[6].isEmpty() ? Optional.empty() : Optional.of(Instant.ofEpochSecond(Long.parseLong(pub[6])))));
                pub = null;
            }
        }
        return keys;
    }

    private String run(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("gpg", "--homedir", home.toString(), "--batch", "--no-tty",
                "--pinentry-mode", "loopback", "--passphrase", ""));
        command.addAll(List.of(args));
        Path stderr = home.resolve("stderr.log");
        Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("gpg " + String.join(" ", args) + " failed: " + Files.readString(stderr));
        }
        return out;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "gpg-agent")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
        try (Stream<Path> files = Files.walk(home)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
