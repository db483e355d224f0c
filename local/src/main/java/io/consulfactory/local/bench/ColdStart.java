package io.consulfactory.local.bench;

import io.consulfactory.local.cloud.Call;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Cold start of each function: a fresh JVM (this JVM's java, the template's {@code JAVA_TOOL_OPTIONS}) whose
 * classpath is the function package and {@link ColdProbe} only, which loads the handler, constructs it and
 * serves its first invocation — the function's real input from the deploy, real AWS calls against the local
 * AWS, which runs in this JVM and is reached through the SDK's environment variables, as Lambda's functions
 * reach AWS. Per function, the median of N runs of: wall time from spawn to exit (measured here), peak RSS
 * ({@code VmHWM}, read by the probe before it exits), and the probe's split between init (class load and
 * constructor) and the first invocation. Beside it the same function built with the SDK's default HTTP
 * client ({@link FunctionPackage#withDefaultHttpClient}), and a bare JVM printing hello world as the floor.
 * One more run per function logs class loading ({@code -Xlog:class+load}) to count what it loads, by origin.
 *
 * <p>What this does not include: Lambda's own runtime (its bootstrap and event deserialisation), SnapStart,
 * the sandbox's slower CPU. Use it to compare packages and code changes, not as Lambda's Init Duration.
 *
 * <pre>mvn -B -q -pl local exec:java -Dexec.mainClass=io.consulfactory.local.bench.ColdStart \
 *     [-Dexec.args="--runs 5 --functions CheckImage,RebakeTrigger --no-default-client --no-class-counts"]</pre>
 *
 * {@link #measure} runs against a {@link DeployedCloud}: the caller's (the aggregator's) or, in {@link #main},
 * one of its own.
 */
public final class ColdStart {

    /**
     * @param runs              timed runs per function and variant (the median is reported)
     * @param functions         the functions to measure by name ({@code CheckImage}); empty for all
     * @param defaultHttpClient measure the default-HTTP-client variant too
     * @param classCounts       one extra run per function counting loaded classes
     */
    public record Options(int runs, List<String> functions, boolean defaultHttpClient, boolean classCounts) {

        public static Options defaults() {
            return new Options(5, List.of(), true, true);
        }
    }

    /**
     * Medians over a variant's runs, or the reason its first failed run failed (then no figures).
     *
     * @param awsCalls calls the child made to the local AWS in a run
     */
    public record Figures(int runs, double wallMs, double initMs, double invokeMs, double rssMb, double awsCalls,
                          String failure) {

        public boolean failed() {
            return failure != null;
        }

        /** Wall time outside init and invoke: JVM boot, the probe's reading of its event, exit. */
        public double jvmMs() {
            return wallMs - initMs - invokeMs;
        }

        static Figures of(List<ProbeRun> runs) {
            for (ProbeRun run : runs) {
                if (run.failure() != null) {
                    return new Figures(runs.size(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, run.failure());
                }
            }
            return new Figures(runs.size(),
                    Samples.of(runs.stream().map(r -> r.wallNanos() / 1e6).toList()).median(),
                    Samples.of(runs.stream().map(r -> r.initNanos() / 1e6).toList()).median(),
                    Samples.of(runs.stream().map(r -> r.invokeNanos() / 1e6).toList()).median(),
                    Samples.of(runs.stream().map(r -> r.vmHwmKb() / 1024.0).toList()).median(),
                    Samples.of(runs.stream().map(ProbeRun::awsCalls).toList()).median(), null);
        }
    }

    /**
     * Classes one cold start loaded, by origin.
     *
     * @param fromCds loaded from the JDK's class-data-sharing archive (already parsed: cheap)
     * @param sdk     {@code software.amazon.awssdk} (its shaded Jackson core included)
     * @param other   the Lambda libraries, Joda-Time, HTTP clients, the probe
     */
    public record ClassCounts(int total, int fromCds, int jdk, int sdk, int jackson, int function, int other) {

        private static final Pattern LOAD = Pattern.compile("\\[class,load\\s*\\]\\s+(\\S+)\\s+source:\\s*(.*)$");

        /** Counts an {@code -Xlog:class+load} log. */
        static ClassCounts parse(List<String> log) {
            int total = 0, cds = 0, jdk = 0, sdk = 0, jackson = 0, function = 0, other = 0;
            for (String line : log) {
                Matcher load = LOAD.matcher(line);
                if (!load.find()) {
                    continue;
                }
                total++;
                String name = load.group(1);
                if (load.group(2).startsWith("shared objects file")) {
                    cds++;
                }
                if (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
                        || name.startsWith("sun.") || name.startsWith("com.sun.")) {
                    jdk++;
                } else if (name.startsWith("software.amazon.awssdk.")) {
                    sdk++;
                } else if (name.startsWith("com.fasterxml.jackson.")) {
                    jackson++;
                } else if (name.startsWith("io.consulfactory.") && !name.startsWith("io.consulfactory.local.")) {
                    function++;
                } else {
                    other++;
                }
            }
            return new ClassCounts(total, cds, jdk, sdk, jackson, function, other);
        }
    }

    /** @param primed the shipped package primed as before a SnapStart snapshot: its invoke is the restored function's */
    public record FunctionResult(String function, String handler, Figures shipped, Figures primed, Figures defaultHttp,
                                 ClassCounts classes) {
    }

    /**
     * @param defaultHttpPackage null when the default-client variant was not measured
     * @param hello              the floor: a bare JVM with the same flags printing a line
     */
    public record Result(String java, String javaToolOptions, int runs, String shippedPackage, String defaultHttpPackage,
                         Figures hello, List<FunctionResult> functions) {

        public void print(PrintStream out) {
            out.printf("Cold start: load, construct and first invocation in a fresh JVM, median of %d runs%n", runs);
            out.printf("  java %s, JAVA_TOOL_OPTIONS=%s; the local AWS runs in the parent JVM on the same CPUs%n", java,
                    javaToolOptions);
            out.println("  shipped package:   " + shippedPackage);
            if (defaultHttpPackage != null) {
                out.println("  default client:    " + defaultHttpPackage);
            }
            out.printf("  hello-world JVM:   %s%n", hello.failed() ? "FAILED " + hello.failure()
                    : String.format("%.0f ms wall, %.1f MB peak RSS", hello.wallMs(), hello.rssMb()));
            out.println();
            out.printf("  %-25s %7s %7s %7s %7s %6s %5s %9s %9s %6s %6s  %s%n", "function", "wall ms", "RSS MB", "init ms",
                    "invk ms", "jvm ms", "calls", "snap invk", "deflt ms", "deflt×", "hello×",
                    "classes: all (CDS) jdk/sdk/jackson/function/other");
            for (FunctionResult f : functions) {
                Figures s = f.shipped();
                if (s.failed()) {
                    out.printf("  %-25s FAILED %s%n", f.function(), s.failure());
                    continue;
                }
                String deflt = "-";
                String ratio = "-";
                if (f.defaultHttp() != null) {
                    if (f.defaultHttp().failed()) {
                        deflt = "FAILED";
                    } else {
                        deflt = String.format("%.0f", f.defaultHttp().wallMs());
                        ratio = String.format("%.2f", f.defaultHttp().wallMs() / s.wallMs());
                    }
                }
                String hello = hello().failed() ? "-" : String.format("%.1f", s.wallMs() / hello().wallMs());
                ClassCounts c = f.classes();
                String classes = c == null ? "-" : String.format("%d (%d) %d/%d/%d/%d/%d", c.total(), c.fromCds(), c.jdk(),
                        c.sdk(), c.jackson(), c.function(), c.other());
                String snap = f.primed() == null ? "-" : f.primed().failed() ? "FAILED" : String.format("%.0f", f.primed().invokeMs());
                out.printf("  %-25s %7.0f %7.1f %7.0f %7.0f %6.0f %5.0f %9s %9s %6s %6s  %s%n", f.function(), s.wallMs(), s.rssMb(),
                        s.initMs(), s.invokeMs(), s.jvmMs(), s.awsCalls(), snap, deflt, ratio, hello, classes);
            }
            for (FunctionResult f : functions) {
                if (f.primed() != null && f.primed().failed()) {
                    out.printf("  %s primed FAILED: %s%n", f.function(), f.primed().failure());
                }
                if (f.defaultHttp() != null && f.defaultHttp().failed()) {
                    out.printf("  %s with the default client FAILED: %s%n", f.function(), f.defaultHttp().failure());
                }
            }
            out.println("  wall: spawn to exit, seen by the parent; init: class load + constructor; invk: first invocation"
                    + " (AWS calls included); jvm: the rest (JVM boot, exit); deflt×: default-client wall / shipped wall");
            out.println("  snap invk: the first invocation after the function's SnapStart priming ran in init (what a function"
                    + " restored from its snapshot pays, the restore itself aside)");
        }

        public boolean anyFailed() {
            return hello.failed() || functions.stream().anyMatch(f -> f.shipped().failed()
                    || (f.primed() != null && f.primed().failed())
                    || (f.defaultHttp() != null && f.defaultHttp().failed()));
        }
    }

    /** One child JVM: its figures, or why it failed. */
    record ProbeRun(long wallNanos, long initNanos, long invokeNanos, long vmHwmKb, int awsCalls, String failure) {

        /** The probe's line in its stdout (the last {@code COLDPROBE} line), or a failure saying what went wrong. */
        static ProbeRun parse(long wallNanos, int exitCode, String stdout, String stderr, int awsCalls) {
            String result = null;
            for (String line : stdout.split("\n")) {
                if (line.startsWith(HelloProbe.RESULT) || line.startsWith(HelloProbe.FAILED)) {
                    result = line.trim();
                }
            }
            if (result != null && result.startsWith(HelloProbe.FAILED)) {
                return failed(wallNanos, awsCalls, result.substring(HelloProbe.FAILED.length()));
            }
            if (result == null || exitCode != 0) {
                String tail = stderr.lines().filter(l -> !l.startsWith("Picked up JAVA_TOOL_OPTIONS")).reduce((a, b) -> b).orElse("");
                return failed(wallNanos, awsCalls, "exit " + exitCode + (result == null ? ", no probe line" : "") + ": " + tail);
            }
            Map<String, Long> fields = new LinkedHashMap<>();
            for (String field : result.substring(HelloProbe.RESULT.length()).split(" ")) {
                int eq = field.indexOf('=');
                fields.put(field.substring(0, eq), Long.parseLong(field.substring(eq + 1)));
            }
            return new ProbeRun(wallNanos, fields.get("init_ns"), fields.get("invoke_ns"), fields.get("vmhwm_kb"), awsCalls, null);
        }

        static ProbeRun failed(long wallNanos, int awsCalls, String why) {
            return new ProbeRun(wallNanos, 0, 0, 0, awsCalls, why);
        }
    }

    private static final long TIMEOUT_SECONDS = 120;

    private final DeployedCloud cloud;
    private final Path work;
    private final Path probe;
    private final PrintStream progress;

    private ColdStart(DeployedCloud cloud, Path work, PrintStream progress) throws IOException {
        this.cloud = cloud;
        this.work = work;
        this.probe = FunctionPackage.extractProbe(Files.createDirectories(work.resolve("probe")));
        this.progress = progress;
        Files.createDirectories(work.resolve("home"));
    }

    /** Measures each chosen function; {@code progress} (may be null) hears of each as it goes. */
    public static Result measure(DeployedCloud cloud, Options options, PrintStream progress) throws IOException {
        if (options.runs() < 1) {
            throw new IllegalArgumentException("runs must be at least 1");
        }
        Path work = Files.createTempDirectory("consul-factory-coldstart");
        try {
            return new ColdStart(cloud, work, progress).run(options);
        } finally {
            delete(work);
        }
    }

    private Result run(Options options) throws IOException {
        FunctionPackage shipped = FunctionPackage.shipped();
        FunctionPackage defaultHttp = options.defaultHttpClient() ? FunctionPackage.withDefaultHttpClient(work) : null;
        List<ProbeRun> hello = new ArrayList<>();
        for (int i = 0; i < options.runs(); i++) {
            hello.add(spawn(List.of("-cp", probe.toString(), HelloProbe.class.getName()), Map.of()));
        }
        List<FunctionResult> results = new ArrayList<>();
        for (DeployedCloud.Function function : cloud.functions(options.functions())) {
            List<ProbeRun> ours = new ArrayList<>();
            List<ProbeRun> primed = new ArrayList<>();
            List<ProbeRun> theirs = new ArrayList<>();
            // Alternating the variants spreads the machine's noise over both.
            for (int i = 0; i < options.runs(); i++) {
                if (ours.isEmpty() || ours.get(ours.size() - 1).failure() == null) {
                    ours.add(invoke(function, shipped, List.of()));
                }
                if (primed.isEmpty() || primed.get(primed.size() - 1).failure() == null) {
                    primed.add(invoke(function, shipped, List.of(), "prime"));
                }
                if (defaultHttp != null && (theirs.isEmpty() || theirs.get(theirs.size() - 1).failure() == null)) {
                    theirs.add(invoke(function, defaultHttp, List.of()));
                }
            }
            ClassCounts classes = options.classCounts() ? classCounts(function, shipped) : null;
            FunctionResult result = new FunctionResult(function.name(), function.handler(), Figures.of(ours), Figures.of(primed),
                    defaultHttp == null ? null : Figures.of(theirs), classes);
            results.add(result);
            if (progress != null) {
                progress.printf("cold start %-25s %s%n", function.name(), result.shipped().failed()
                        ? "FAILED " + result.shipped().failure()
                        : String.format("%.0f ms (init %.0f, invoke %.0f)", result.shipped().wallMs(),
                        result.shipped().initMs(), result.shipped().invokeMs()));
            }
        }
        return new Result(System.getProperty("java.version"), cloud.javaToolOptions(), options.runs(), shipped.description(),
                defaultHttp == null ? null : defaultHttp.description(), Figures.of(hello), List.copyOf(results));
    }

    private ProbeRun invoke(DeployedCloud.Function function, FunctionPackage pkg, List<String> jvmFlags, String... probeArgs)
            throws IOException {
        if (function.event() == null) {
            return ProbeRun.failed(0, 0, "no input was captured for it on the deploy");
        }
        List<String> args = new ArrayList<>(jvmFlags);
        args.addAll(List.of("-cp", pkg.classpathWith(probe), ColdProbe.class.getName(), function.handler(),
                function.event().toString()));
        args.addAll(List.of(probeArgs));
        Map<String, String> env = new LinkedHashMap<>(cloud.sdkEnvironment());
        env.putAll(function.environment());
        return spawn(args, env);
    }

    private ClassCounts classCounts(DeployedCloud.Function function, FunctionPackage pkg) throws IOException {
        Path log = work.resolve("class-load-" + function.name() + ".log");
        ProbeRun run = invoke(function, pkg, List.of("-Xlog:class+load=info:file=" + log));
        if (run.failure() != null || !Files.exists(log)) {
            return null;
        }
        return ClassCounts.parse(Files.readAllLines(log));
    }

    /** Runs this JVM's java with {@code args}, in a clean environment: the template's flags and {@code env} only. */
    private ProbeRun spawn(List<String> args, Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(probe.toFile());
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        // No ~/.aws to read (Lambda has none), no locale surprises.
        environment.put("HOME", work.resolve("home").toString());
        environment.put("LANG", "C.UTF-8");
        environment.put("TZ", "UTC");
        environment.put("JAVA_TOOL_OPTIONS", cloud.javaToolOptions());
        environment.putAll(env);
        Path out = work.resolve("stdout.txt");
        Path err = work.resolve("stderr.txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        int before = cloud.aws().calls().size();
        long start = System.nanoTime();
        Process process = builder.start();
        int exit;
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return ProbeRun.failed(System.nanoTime() - start, 0, "no exit after " + TIMEOUT_SECONDS + " s");
            }
            exit = process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        long wall = System.nanoTime() - start;
        int calls = (int) cloud.aws().calls().since(before).stream().map(Call::accessKeyId)
                .filter(DeployedCloud.ACCESS_KEY_ID::equals).count();
        return ProbeRun.parse(wall, exit, Files.readString(out), Files.readString(err), calls);
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Options parseArgs(String[] args) {
        Options options = Options.defaults();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> options = new Options(Integer.parseInt(args[++i]), options.functions(),
                        options.defaultHttpClient(), options.classCounts());
                case "--functions" -> options = new Options(options.runs(), Arrays.asList(args[++i].split(",")),
                        options.defaultHttpClient(), options.classCounts());
                case "--no-default-client" -> options = new Options(options.runs(), options.functions(), false,
                        options.classCounts());
                case "--no-class-counts" -> options = new Options(options.runs(), options.functions(),
                        options.defaultHttpClient(), false);
                default -> throw new IllegalArgumentException("usage: ColdStart [--runs N] [--functions A,B]"
                        + " [--no-default-client] [--no-class-counts]");
            }
        }
        return options;
    }

    public static void main(String[] args) throws IOException {
        Options options = parseArgs(args);
        Result result;
        try (DeployedCloud cloud = DeployedCloud.start()) {
            result = measure(cloud, options, System.err);
        }
        result.print(System.out);
        System.exit(result.anyFailed() ? 1 : 0);
    }
}
