package io.consulfactory.local.bench;

import io.consulfactory.local.LocalWorkflow;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A classpath a function runs on, as Lambda builds it from the uploaded zip: its root, then {@code lib/*.jar}.
 *
 * <ul>
 *   <li>{@link #shipped()}: {@code functions/target/lambda/} (the shrunk package: {@code lib/*.jar}) when it has
 *       jars, else the unshrunk runtime classpath — functions/ and each runtime dependency, what SAM's default
 *       Maven build uploads. Both lists come from the build: {@code local/target/bench/function-classpath.txt}
 *       (this module's runtime classpath, which is exactly functions/ and its dependencies).</li>
 *   <li>{@link #withDefaultHttpClient}: the same functions as they would be built with the SDK's default sync
 *       HTTP client: a copy of the real {@code AwsClients.java} without its explicit {@code .httpClient(…)}
 *       calls, compiled at run time and put first, the unshrunk runtime classpath less url-connection-client,
 *       and the default client's jars ({@code default-http-classpath.txt}: apache5-client, the SDK's highest
 *       priority sync client since 2.3x, and Apache HttpClient 5).</li>
 * </ul>
 */
public record FunctionPackage(String description, List<Path> classpath) {

    static final String AWS_CLIENTS = "functions/src/main/java/io/consulfactory/aws/AwsClients.java";
    private static final Pattern EXPLICIT_HTTP_CLIENT = Pattern.compile("\\s*\\.httpClient\\([^()]*\\)");

    /** The package {@code sam build} would upload, as a classpath. */
    public static FunctionPackage shipped() {
        Path lambda = repoRoot().resolve("functions/target/lambda");
        List<Path> layout = lambdaLayout(lambda);
        if (layout.size() > 1) {
            return new FunctionPackage("functions/target/lambda (" + (layout.size() - 1) + " jars in lib/)", layout);
        }
        List<Path> runtime = runtimeClasspath();
        return new FunctionPackage("unshrunk runtime classpath (" + runtime.size() + " entries; no functions/target/lambda/lib yet)",
                runtime);
    }

    /** functions/ and every runtime dependency, unshrunk. */
    public static List<Path> runtimeClasspath() {
        return readClasspath(benchFile("function-classpath.txt"));
    }

    /** The unshrunk package with the SDK's default HTTP client; {@code workDir} receives the recompiled AwsClients. */
    public static FunctionPackage withDefaultHttpClient(Path workDir) throws IOException {
        List<Path> runtime = runtimeClasspath();
        List<Path> httpClient = readClasspath(benchFile("default-http-classpath.txt"));
        Path classes = Files.createDirectories(workDir.resolve("default-http-client-classes"));
        compile(withoutExplicitHttpClient(Files.readString(repoRoot().resolve(AWS_CLIENTS))), runtime, classes);
        List<Path> classpath = replaceHttpClient(runtime, httpClient, classes);
        String jars = httpClient.stream().map(p -> p.getFileName().toString()).reduce((a, b) -> a + ", " + b).orElse("");
        return new FunctionPackage("unshrunk, AwsClients without .httpClient(...), url-connection-client replaced by " + jars,
                classpath);
    }

    /** The package's classpath, the probe's directory first, as a {@code -cp} value. */
    public String classpathWith(Path probeDir) {
        List<String> entries = new ArrayList<>();
        entries.add(probeDir.toString());
        classpath.forEach(p -> entries.add(p.toString()));
        return String.join(File.pathSeparator, entries);
    }

    /** Lambda's classpath for an unzipped package: the directory itself, then its {@code lib/*.jar} in name order. */
    static List<Path> lambdaLayout(Path dir) {
        List<Path> classpath = new ArrayList<>();
        Path lib = dir.resolve("lib");
        if (!Files.isDirectory(lib)) {
            return classpath;
        }
        classpath.add(dir);
        try (Stream<Path> jars = Files.list(lib)) {
            jars.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(classpath::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return classpath;
    }

    /** A {@code dependency:build-classpath} file: entries separated by the platform's path separator. */
    static List<Path> parseClasspath(String text) {
        List<Path> entries = new ArrayList<>();
        for (String entry : text.trim().split(Pattern.quote(File.pathSeparator))) {
            if (!entry.isBlank()) {
                entries.add(Path.of(entry.trim()));
            }
        }
        return entries;
    }

    /** The recompiled classes first, the runtime less url-connection-client, then the default client's jars. */
    static List<Path> replaceHttpClient(List<Path> runtime, List<Path> httpClient, Path patchedClasses) {
        List<Path> classpath = new ArrayList<>();
        classpath.add(patchedClasses);
        for (Path entry : runtime) {
            if (!entry.getFileName().toString().startsWith("url-connection-client-")) {
                classpath.add(entry);
            }
        }
        for (Path entry : httpClient) {
            if (!classpath.contains(entry)) {
                classpath.add(entry);
            }
        }
        return classpath;
    }

    /** The source with every {@code .httpClient(…)} builder call removed: the SDK then picks its default client. */
    static String withoutExplicitHttpClient(String source) {
        Matcher calls = EXPLICIT_HTTP_CLIENT.matcher(source);
        if (!calls.find()) {
            throw new IllegalStateException(AWS_CLIENTS + " has no .httpClient(...) call to remove: the default-client"
                    + " variant needs updating to how it builds clients now");
        }
        return calls.replaceAll("");
    }

    private static void compile(String source, List<Path> classpath, Path into) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler in " + System.getProperty("java.home") + ": run on a JDK");
        }
        Path sources = Files.createDirectories(into.resolveSibling("default-http-client-src").resolve("io/consulfactory/aws"));
        Path file = Files.writeString(sources.resolve("AwsClients.java"), source);
        StringWriter diagnostics = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjects(file);
            List<String> options = List.of("--release", "17", "-proc:none", "-nowarn", "-d", into.toString(),
                    "-classpath", String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList()));
            if (!javac.getTask(diagnostics, files, null, options, null, units).call()) {
                throw new IllegalStateException("cannot compile AwsClients without its HTTP client:\n" + diagnostics);
            }
        }
    }

    private static List<Path> readClasspath(Path file) {
        try {
            return parseClasspath(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A file the build writes for the benchmark ({@code local/target/bench/}): found beside the classes this
     * runs from, else from the repository root.
     */
    static Path benchFile(String name) {
        List<Path> candidates = new ArrayList<>();
        try {
            Path code = Path.of(ColdProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            candidates.add(code.getParent().resolve("bench").resolve(name));
        } catch (URISyntaxException | RuntimeException e) {
            // not loaded from a file: only the repository root is left
        }
        candidates.add(repoRoot().resolve("local/target/bench").resolve(name));
        return candidates.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() -> new IllegalStateException(
                "no " + candidates + ": build first (mvn -B -q install -DskipTests writes local/target/bench/)"));
    }

    static Path repoRoot() {
        return LocalWorkflow.repoFile("template.yaml").toAbsolutePath().normalize().getParent();
    }

    /** The probes' class files (ColdProbe's nest, HelloProbe), copied out of this classpath: the child's only own code. */
    static Path extractProbe(Path dir) throws IOException {
        List<Class<?>> classes = new ArrayList<>(List.of(ColdProbe.class.getNestMembers()));
        classes.add(HelloProbe.class);
        for (Class<?> member : classes) {
            String resource = member.getName().replace('.', '/') + ".class";
            Path target = dir.resolve(resource);
            Files.createDirectories(target.getParent());
            try (InputStream in = ColdProbe.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("no " + resource + " on the classpath");
                }
                Files.write(target, in.readAllBytes());
            }
        }
        return dir;
    }
}
