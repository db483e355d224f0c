package io.consulfactory.local.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The zip a deploy uploads, zipped here as {@code sam deploy} zips a built function (deflate, default level):
 * {@code functions/target/lambda/} (the shrunk package, {@code lib/*.jar}) when it exists, and beside it what
 * SAM's default Maven build uploads — {@code target/classes} at the root, every runtime dependency jar under
 * {@code lib/}. Per zip: its size, whether it meets the target, its five biggest entries. MB here are 2^20
 * bytes, as Lambda's limits count them. Needs no AWS: {@link #measure()} reads the build's output only.
 *
 * <pre>mvn -B -q -pl local exec:java -Dexec.mainClass=io.consulfactory.local.bench.PackageSize</pre>
 */
public final class PackageSize {

    public static final long TARGET_BYTES = 10L * 1024 * 1024;

    public record Entry(String name, long size, long compressedSize) {
    }

    /** @param source what was zipped; entries: how many files */
    public record Zip(String label, String source, long bytes, int entries, List<Entry> biggest) {

        public double megabytes() {
            return bytes / (1024.0 * 1024);
        }

        public boolean meetsTarget() {
            return bytes < TARGET_BYTES;
        }
    }

    /** @param shrunk null when there is no {@code functions/target/lambda/} */
    public record Result(Zip shrunk, Zip samDefault) {

        public void print(PrintStream out) {
            out.printf("Package size: the zip a deploy uploads (target: under %d MB)%n", TARGET_BYTES / 1024 / 1024);
            if (shrunk == null) {
                out.println("  functions/target/lambda/: not built (no shrunk package on this branch yet)");
            }
            for (Zip zip : shrunk == null ? List.of(samDefault) : List.of(shrunk, samDefault)) {
                out.println();
                out.printf("  %s: %.2f MB zipped, %d files, target %s%n", zip.label(), zip.megabytes(), zip.entries(),
                        zip.meetsTarget() ? "met" : "MISSED");
                out.println("    from " + zip.source());
                out.printf("    %-60s %10s %10s%n", "biggest entries", "zipped MB", "raw MB");
                for (Entry e : zip.biggest()) {
                    out.printf("    %-60s %10.2f %10.2f%n", e.name(), e.compressedSize() / (1024.0 * 1024),
                            e.size() / (1024.0 * 1024));
                }
            }
            if (shrunk != null) {
                out.println();
                out.printf("  shrunk / SAM default: %.2f%n", shrunk.bytes() / (double) samDefault.bytes());
            }
        }
    }

    private PackageSize() {
    }

    public static Result measure() throws IOException {
        Path root = FunctionPackage.repoRoot();
        Path lambda = root.resolve("functions/target/lambda");
        Zip shrunk = Files.isDirectory(lambda)
                ? zip("shrunk package", "functions/target/lambda/", tree(lambda, "")) : null;
        return new Result(shrunk, zip("SAM's default Maven build", "functions/target/classes + lib/ of the runtime dependencies",
                samDefault(root.resolve("functions/target/classes"), FunctionPackage.runtimeClasspath())));
    }

    /** SAM's Maven workflow: the module's classes at the root, its runtime dependencies' jars in {@code lib/}. */
    static Map<String, Path> samDefault(Path classes, List<Path> runtimeClasspath) throws IOException {
        if (!Files.isDirectory(classes)) {
            throw new IllegalStateException("no " + classes + ": build first (mvn -B -q install -DskipTests)");
        }
        Map<String, Path> files = tree(classes, "");
        for (Path entry : runtimeClasspath) {
            String name = entry.getFileName().toString();
            if (Files.isRegularFile(entry) && name.endsWith(".jar") && !name.startsWith("consul-cluster-factory-functions")) {
                files.put("lib/" + name, entry);
            }
        }
        return files;
    }

    /** Every file under {@code dir}, by its name in the zip ({@code prefix} + path relative to dir, '/'-separated). */
    static Map<String, Path> tree(Path dir, String prefix) throws IOException {
        Map<String, Path> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).sorted().forEach(file -> files.put(
                    prefix + dir.relativize(file).toString().replace('\\', '/'), file));
        }
        return files;
    }

    /** Zips {@code files} (name in the zip to file) to a temporary file and reads its figures back. */
    static Zip zip(String label, String source, Map<String, Path> files) throws IOException {
        Path zip = Files.createTempFile("consul-factory-package", ".zip");
        try {
            try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
                for (Map.Entry<String, Path> entry : files.entrySet()) {
                    out.putNextEntry(new ZipEntry(entry.getKey()));
                    Files.copy(entry.getValue(), out);
                    out.closeEntry();
                }
            }
            List<Entry> entries = new ArrayList<>();
            try (ZipFile read = new ZipFile(zip.toFile())) {
                read.stream().forEach(e -> entries.add(new Entry(e.getName(), e.getSize(), e.getCompressedSize())));
            }
            entries.sort(Comparator.comparingLong(Entry::compressedSize).reversed());
            return new Zip(label, source, Files.size(zip), entries.size(),
                    Collections.unmodifiableList(new ArrayList<>(entries.subList(0, Math.min(5, entries.size())))));
        } finally {
            Files.deleteIfExists(zip);
        }
    }

    public static void main(String[] args) throws IOException {
        Result result = measure();
        result.print(System.out);
    }
}
