package io.consulfactory.local.bench;

import io.consulfactory.aws.SnapStartPriming;
import io.consulfactory.local.LocalRun;
import io.consulfactory.local.LocalWorkflow;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.Ec2Timings;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every performance figure of the factory in one run, against one local AWS (the SDK clients of this JVM
 * read its endpoint once, so every section shares it and starts from a reset account):
 * cold start per function in a fresh JVM, warm latency, the deployment package's size, a deploy's and a
 * rebake's transitions, calls, cost and detection delay, and 20 clusters at once against EC2's throttling;
 * then each target, met or missed.
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * mvn -B -q -pl local exec:java -Dexec.mainClass=io.consulfactory.local.bench.Benchmark \
 *     [-Dexec.args="--runs 5 --clusters 20 --boot 60 --install 180 --image 360 --report docs/performance.md"]
 * </pre>
 *
 * {@code --report FILE} also writes the output between the markers of that file (docs/performance.md),
 * leaving its hand-written parts alone.
 */
public final class Benchmark {

    static final String BEGIN = "<!-- benchmark output: written by Benchmark --report; do not edit by hand -->";
    static final String END = "<!-- end of benchmark output -->";

    /** The bound on cold start: within 1.5× a bare JVM running hello world. */
    static final double COLD_START_TARGET = 1.5;

    private Benchmark() {
    }

    public static void main(String[] args) throws IOException {
        // The handlers run in this JVM: their log lines (one per invocation) would bury the figures on stdout.
        io.consulfactory.lambda.InvocationLog.writeTo(line -> { });
        int runs = 5;
        int clusters = 20;
        Path report = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--clusters" -> clusters = Integer.parseInt(args[++i]);
                case "--report" -> report = repositoryRoot().resolve(args[++i]);
                case "--boot", "--install", "--image" -> i++; // read by WorkflowFigures.timings
                default -> {
                    System.err.println("usage: Benchmark [--runs N] [--clusters N] [--boot S] [--install S] [--image S]"
                            + " [--report docs/performance.md]");
                    System.exit(2);
                }
            }
        }
        Ec2Timings timings = WorkflowFigures.timings(args);

        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new Tee(System.out, copy), true, StandardCharsets.UTF_8);
        List<String> targets = new ArrayList<>();
        boolean failed;
        try (LocalAws aws = LocalAws.start()) {
            LocalRun.useLocalAws(aws);
            out.println("Consul Cluster Factory benchmark, " + machine());
            out.println();

            ColdStart.Result cold;
            WarmLatency.Result warm;
            try (DeployedCloud cloud = DeployedCloud.deploy(aws)) {
                cold = ColdStart.measure(cloud, new ColdStart.Options(runs, List.of(), true, true), System.err);
                cold.print(out);
                out.println();
                warm = WarmLatency.measure(cloud, WarmLatency.Options.defaults(), System.err);
                warm.print(out);
                out.println();
            }
            PackageSize.Result size = PackageSize.measure();
            size.print(out);
            out.println();

            WorkflowFigures.Figures workflow = WorkflowFigures.run(aws, timings);
            WorkflowFigures.print(workflow, out);
            out.println();
            WorkflowFigures.Sweep sweep = WorkflowFigures.sweep(aws, timings, 5);
            WorkflowFigures.print(sweep, out);
            out.println();

            aws.reset();
            ScaleRun.Figures scale = ScaleRun.run(aws, clusters, timings, 1);
            scale.print(out);
            out.println();

            targets.add(coldStartTarget(cold));
            targets.add(String.format("deployment package under 10 MB: %s (%.1f MB zipped)",
                    WorkflowFigures.met(size.shrunk() != null && size.shrunk().meetsTarget()),
                    (size.shrunk() != null ? size.shrunk() : size.samDefault()).megabytes()));
            targets.add(String.format("detection delay <= %d s per wait loop: %s (worst %d s over %d runs)",
                    WorkflowFigures.DELAY_TARGET.toSeconds(), WorkflowFigures.met(sweep.worstDelaySeconds()
                            <= WorkflowFigures.DELAY_TARGET.toSeconds()), sweep.worstDelaySeconds(), sweep.runs().size()));
            targets.add(String.format("a deploy under %d state transitions: %s (at most %d)", WorkflowFigures.TRANSITIONS_TARGET,
                    WorkflowFigures.met(sweep.mostDeployTransitions() < WorkflowFigures.TRANSITIONS_TARGET),
                    sweep.mostDeployTransitions()));
            targets.add(String.format("%d clusters at once, all succeed: %s (%d throttled calls)", clusters,
                    WorkflowFigures.met(scale.failed().isEmpty()), scale.throttled()));
            targets.add("SnapStart-ready, every function primed before the snapshot: " + WorkflowFigures.met(snapStartReady()));
            out.println("Targets");
            targets.forEach(t -> out.println("  " + t));
            failed = cold.anyFailed() || warm.anyFailed() || !scale.failed().isEmpty()
                    || !"SUCCEEDED".equals(workflow.deploy().status()) || !"SUCCEEDED".equals(workflow.rebake().status());
        }
        if (report != null) {
            writeReport(report, copy.toString(StandardCharsets.UTF_8));
            System.out.println("wrote " + report);
        }
        System.exit(failed ? 1 : 0);
    }

    /** The repository's root, whether run from there or from a module directory. */
    static Path repositoryRoot() {
        return LocalWorkflow.repoFile("template.yaml").toAbsolutePath().normalize().getParent();
    }

    /** Every function's median cold start against the hello-world floor. */
    static String coldStartTarget(ColdStart.Result cold) {
        if (cold.hello().failed()) {
            return "cold start within 1.5x a hello-world JVM: not measured (" + cold.hello().failure() + ")";
        }
        double limit = cold.hello().wallMs() * COLD_START_TARGET;
        long within = cold.functions().stream().filter(f -> !f.shipped().failed() && f.shipped().wallMs() <= limit).count();
        double worst = cold.functions().stream().filter(f -> !f.shipped().failed())
                .mapToDouble(f -> f.shipped().wallMs() / cold.hello().wallMs()).max().orElse(Double.NaN);
        return String.format("cold start within %.1fx a hello-world JVM (%.0f ms): %s (%d of %d functions; worst %.1fx)",
                COLD_START_TARGET, cold.hello().wallMs(), WorkflowFigures.met(within == cold.functions().size()), within,
                cold.functions().size(), worst);
    }

    /** Whether each function of the template registers its SnapStart priming when Lambda constructs it. */
    static boolean snapStartReady() {
        Map<String, String> handlers;
        try {
            handlers = DeployedCloud.handlers(Files.readString(LocalWorkflow.repoFile("template.yaml")));
        } catch (IOException e) {
            return false;
        }
        for (Map.Entry<String, String> f : handlers.entrySet()) {
            try {
                Object handler = Class.forName(f.getValue()).getConstructor().newInstance();
                if (!(handler instanceof SnapStartPriming.Primed primed) || primed.priming() == null) {
                    return false;
                }
            } catch (ReflectiveOperationException e) {
                return false;
            }
        }
        return true;
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException | RuntimeException e) {
            // not Linux: the core count and memory still say enough
        }
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
        return String.format("%s: %d cores (%s), %.0f GiB, Java %s, %s %s", ZonedDateTime.now(ZoneOffset.UTC)
                        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")), Runtime.getRuntime().availableProcessors(),
                cpu, memory / 1024.0 / 1024 / 1024, System.getProperty("java.version"), System.getProperty("os.name"),
                System.getProperty("os.arch"));
    }

    /** Replaces what stands between the markers of the report (or appends the block when they are missing). */
    static void writeReport(Path file, String output) throws IOException {
        String block = BEGIN + "\n```\n" + output.stripTrailing() + "\n```\n" + END;
        String text = Files.exists(file) ? Files.readString(file) : "";
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        String updated = begin >= 0 && end > begin
                ? text.substring(0, begin) + block + text.substring(end + END.length())
                : text + (text.isEmpty() ? "" : "\n") + block + "\n";
        Files.writeString(file, updated);
    }

    /** Writes to both streams: the console and the report's copy. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }
    }
}
