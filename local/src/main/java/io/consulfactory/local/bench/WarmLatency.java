package io.consulfactory.local.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Warm latency of each function: one handler instance in this JVM (a warm Lambda container), its captured
 * input from the deploy, a warm-up, then K timed invocations making their real AWS calls to the local AWS:
 * median and p99 (nearest rank) in ms. The local AWS shares this JVM and its CPUs, so a call's figure holds
 * the local AWS's own work too (it serves one call at a time), and this JVM runs with its own flags, not the
 * template's C1-only ones.
 *
 * <pre>mvn -B -q -pl local exec:java -Dexec.mainClass=io.consulfactory.local.bench.WarmLatency \
 *     [-Dexec.args="--invocations 200 --warmup 100 --functions CheckImage"]</pre>
 *
 * {@link #measure} runs against a {@link DeployedCloud} this JVM's SDK reaches: the caller's or, in
 * {@link #main}, one of its own.
 */
public final class WarmLatency {

    /**
     * @param invocations timed invocations per function
     * @param warmup      untimed invocations before them
     * @param functions   by name; empty for all
     */
    public record Options(int invocations, int warmup, List<String> functions) {

        public static Options defaults() {
            return new Options(200, 100, List.of());
        }
    }

    /** @param awsCalls per invocation; failure: the first invocation that threw (then no figures) */
    public record FunctionResult(String function, int invocations, double medianMs, double p99Ms, double maxMs,
                                 double awsCalls, String failure) {

        public boolean failed() {
            return failure != null;
        }
    }

    public record Result(int invocations, int warmup, List<FunctionResult> functions) {

        public void print(PrintStream out) {
            out.printf("Warm latency: one warm handler in-process, %d invocations after %d warm-up ones, real AWS calls%n",
                    invocations, warmup);
            out.println("  to the local AWS, which shares this JVM and its CPUs (its work is in the figures)");
            out.println();
            out.printf("  %-25s %9s %9s %9s %10s%n", "function", "median ms", "p99 ms", "max ms", "calls/inv");
            for (FunctionResult f : functions) {
                if (f.failed()) {
                    out.printf("  %-25s FAILED %s%n", f.function(), f.failure());
                } else {
                    out.printf("  %-25s %9.2f %9.2f %9.2f %10.1f%n", f.function(), f.medianMs(), f.p99Ms(), f.maxMs(),
                            f.awsCalls());
                }
            }
        }

        public boolean anyFailed() {
            return functions.stream().anyMatch(FunctionResult::failed);
        }
    }

    private WarmLatency() {
    }

    public static Result measure(DeployedCloud cloud, Options options, PrintStream progress) throws IOException {
        List<FunctionResult> results = new ArrayList<>();
        for (DeployedCloud.Function function : cloud.functions(options.functions())) {
            FunctionResult result = measure(cloud, function, options);
            results.add(result);
            if (progress != null) {
                progress.printf("warm latency %-25s %s%n", function.name(), result.failed() ? "FAILED " + result.failure()
                        : String.format("median %.2f ms, p99 %.2f ms", result.medianMs(), result.p99Ms()));
            }
        }
        return new Result(options.invocations(), options.warmup(), List.copyOf(results));
    }

    private static FunctionResult measure(DeployedCloud cloud, DeployedCloud.Function function, Options options)
            throws IOException {
        if (function.event() == null) {
            return failed(function, "no input was captured for it on the deploy");
        }
        byte[] event = Files.readAllBytes(function.event());
        ColdProbe.ProbeContext context = new ColdProbe.ProbeContext(function.name(), true);
        Object handler;
        try {
            handler = ColdProbe.construct(function.handler());
        } catch (Exception e) {
            return failed(function, "constructing: " + e);
        }
        double[] millis = new double[options.invocations()];
        int callsBefore = 0;
        for (int i = -options.warmup(); i < options.invocations(); i++) {
            if (i == 0) {
                callsBefore = cloud.aws().calls().size();
            }
            long start = System.nanoTime();
            try {
                ColdProbe.invoke(handler, event, context);
            } catch (Exception e) {
                return failed(function, "invocation " + (i + options.warmup() + 1) + ": " + e);
            }
            if (i >= 0) {
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        double calls = (cloud.aws().calls().size() - callsBefore) / (double) options.invocations();
        Samples samples = Samples.of(millis);
        return new FunctionResult(function.name(), options.invocations(), samples.median(), samples.p99(), samples.max(),
                calls, null);
    }

    private static FunctionResult failed(DeployedCloud.Function function, String why) {
        return new FunctionResult(function.name(), 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, why);
    }

    static Options parseArgs(String[] args) {
        Options options = Options.defaults();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--invocations" -> options = new Options(Integer.parseInt(args[++i]), options.warmup(), options.functions());
                case "--warmup" -> options = new Options(options.invocations(), Integer.parseInt(args[++i]), options.functions());
                case "--functions" -> options = new Options(options.invocations(), options.warmup(),
                        Arrays.asList(args[++i].split(",")));
                default -> throw new IllegalArgumentException("usage: WarmLatency [--invocations K] [--warmup W] [--functions A,B]");
            }
        }
        if (options.invocations() < 1 || options.warmup() < 0) {
            throw new IllegalArgumentException("at least one invocation, no negative warm-up");
        }
        return options;
    }

    public static void main(String[] args) throws IOException {
        // The handlers run in this JVM: their log lines (one per invocation) would bury the figures on stdout.
        io.consulfactory.lambda.InvocationLog.writeTo(line -> { });
        Options options = parseArgs(args);
        Result result;
        try (DeployedCloud cloud = DeployedCloud.start()) {
            result = measure(cloud, options, System.err);
        }
        result.print(System.out);
        System.exit(result.anyFailed() ? 1 : 0);
    }
}
