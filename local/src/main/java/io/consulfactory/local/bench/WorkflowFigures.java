package io.consulfactory.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consulfactory.local.LocalRun;
import io.consulfactory.local.LocalWorkflow;
import io.consulfactory.local.cloud.Call;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.Ec2Timings;
import io.consulfactory.local.cloud.ec2.Network;
import io.consulfactory.local.statemachine.LocalStateMachine;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one deploy and one rebake cost, run on the local clock with AWS's timings as parameters: state
 * transitions, Lambda invocations, AWS API calls, the estimated bill at Standard-workflow and Lambda prices,
 * and the <b>detection delay</b> of each wait loop: how long after the resource became ready (the builder
 * stopped, the image became available, the group settled) the workflow moved on.
 *
 * <pre>mvn -B -q -pl local exec:java -Dexec.mainClass=io.consulfactory.local.bench.WorkflowFigures \
 *     -Dexec.args="--boot 60 --install 180 --image 360"</pre>
 */
public final class WorkflowFigures {

    /** Standard workflows, us-east-1: $0.025 per 1,000 state transitions (beyond the free tier's 4,000 a month). */
    static final double USD_PER_TRANSITION = 0.025 / 1000;
    /** Lambda, us-east-1: $0.20 per million requests. */
    static final double USD_PER_REQUEST = 0.20 / 1_000_000;
    /** Lambda on arm64 (the template's architecture), us-east-1: $0.0000133334 per GB-second. */
    static final double USD_PER_GB_SECOND = 0.0000133334;
    /** The template's MemorySize (Globals): 1024 MB. */
    static final double FUNCTION_GB = 1.0;

    /** The bound the performance issue sets on each wait loop's detection delay. */
    public static final Duration DELAY_TARGET = Duration.ofSeconds(15);
    /** The bound on a deploy's state transitions. */
    public static final int TRANSITIONS_TARGET = 150;
    /**
     * A 3-server rebake's rolling refresh before the join gate (commit c02497c, same timings): EC2 health checks
     * and a 300 s warmup per server. Issue 12's goal: the refresh at most 40% of it.
     */
    public static final Duration REFRESH_BEFORE_THE_GATE = Duration.parse("PT20M15S");
    public static final double REFRESH_TARGET = 0.40;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One poll loop of an execution.
     *
     * @param checks  how many times its check ran
     * @param readyAt when the resource became ready, by the local AWS's own record
     * @param movedOn when the check that saw it ready returned
     */
    public record Loop(String name, int checks, Instant readyAt, Instant movedOn) {
        public Duration delay() {
            return Duration.between(readyAt, movedOn);
        }
    }

    /** One execution's figures. */
    /**
     * @param clusterTime from DeployAutoScalingGroup to the check that found the cluster ready: for a rebake, the
     *                    rolling refresh of every server through the join gate
     */
    public record Execution(String name, String status, int transitions, int invocations, Map<String, Integer> callsByService,
                            Duration awsTime, long lambdaMillis, List<Loop> loops, Duration clusterTime) {

        public int apiCalls() {
            return callsByService.values().stream().mapToInt(Integer::intValue).sum();
        }

        /**
         * Step Functions transitions (each retry counted as one, as AWS bills them: {@link LocalStateMachine.Result}),
         * Lambda requests and duration (billed per ms, each invocation as measured here).
         */
        public double costUsd() {
            return transitions * USD_PER_TRANSITION + invocations * USD_PER_REQUEST
                    + lambdaMillis / 1000.0 * FUNCTION_GB * USD_PER_GB_SECOND;
        }

        public Duration worstDelay() {
            return loops.stream().map(Loop::delay).max(Duration::compareTo).orElse(Duration.ZERO);
        }
    }

    public record Figures(Ec2Timings timings, Execution deploy, Execution rebake) {
    }

    /**
     * The same deploy and rebake with each timing shifted by a few seconds per run ({@code runs} runs), so the
     * resources become ready at every point of the poll interval rather than on its beat: the spread of
     * detection delays a real account sees.
     */
    public record Sweep(List<Figures> runs) {

        /** Every run's delays of one loop ("deploy install", "rebake cluster", …), in seconds. */
        public Map<String, List<Long>> delays() {
            Map<String, List<Long>> delays = new java.util.LinkedHashMap<>();
            for (Figures f : runs) {
                for (Execution e : List.of(f.deploy(), f.rebake())) {
                    for (Loop l : e.loops()) {
                        delays.computeIfAbsent(e.name() + " " + l.name(), k -> new ArrayList<>()).add(l.delay().toSeconds());
                    }
                }
            }
            return delays;
        }

        public long worstDelaySeconds() {
            return delays().values().stream().flatMap(List::stream).mapToLong(Long::longValue).max().orElse(0);
        }

        public int mostDeployTransitions() {
            return runs.stream().mapToInt(f -> f.deploy().transitions()).max().orElse(0);
        }
    }

    /** Run {@code i} shifts boot by 3·i s, install by 7·i s and image by 11·i s (i = 0 … runs-1). */
    public static Sweep sweep(LocalAws aws, Ec2Timings base, int runs) {
        List<Figures> figures = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            figures.add(run(aws, new Ec2Timings(base.boot().plusSeconds(3L * i), base.install().plusSeconds(7L * i),
                    base.stop(), base.terminate(), base.image().plusSeconds(11L * i))));
        }
        return new Sweep(figures);
    }

    private WorkflowFigures() {
    }

    /**
     * A deploy of {@code events/deploy.json}, then a rebake ({@code events/rebake.json}), on the local AWS
     * reset to an empty account with the stack's network (the SDK clients must already point at it).
     */
    public static Figures run(LocalAws aws, Ec2Timings timings) {
        aws.reset();
        aws.ec2().timings(timings);
        Network network = aws.ec2().seedNetwork(LocalRun.VPC_ID, LocalRun.SUBNET_IDS);
        LocalWorkflow workflow = new LocalWorkflow(aws, LocalWorkflow.definitionFile(),
                LocalWorkflow.stackDefaults(network.vpcId(), network.subnetIds()));
        Execution deploy = execute(aws, workflow, "deploy", "events/deploy.json");
        Execution rebake = execute(aws, workflow, "rebake", "events/rebake.json");
        return new Figures(timings, deploy, rebake);
    }

    private record Seen(String state, Instant at, String outcome) {
    }

    private static Execution execute(LocalAws aws, LocalWorkflow workflow, String name, String inputFile) {
        JsonNode input;
        try {
            input = JSON.readTree(Files.readString(LocalWorkflow.repoFile(inputFile)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int callsBefore = aws.calls().size();
        List<Seen> seen = new ArrayList<>();
        long[] lambdaMillis = {0};
        LocalStateMachine.Result result = workflow.run(name, input, (state, type, local, real, outcome) -> {
            seen.add(new Seen(state, aws.clock().now(), outcome));
            if (type.equals("Task")) {
                lambdaMillis[0] += Math.max(1, (real.toNanos() + 999_999) / 1_000_000); // billed per started ms
            }
        });
        Map<String, Integer> byService = new TreeMap<>();
        for (Call call : aws.calls().since(callsBefore)) {
            byService.merge(call.service(), 1, Integer::sum);
        }
        List<Loop> loops = new ArrayList<>();
        JsonNode out = result.output();
        if (out != null) {
            String builder = out.path("builder").path("instanceId").asText(null);
            if (builder != null) {
                loop(loops, "install", seen, "CheckConsulInstall", "InstallDone", "-> CreateImage", aws.ec2().instanceEntered(builder, "stopped"));
            }
            String image = out.path("image").path("imageId").asText(null);
            if (builder != null && image != null) {
                loop(loops, "image", seen, "CheckImage", "ImageDone", "-> PublishLaunchTemplate", aws.ec2().imageAvailableAt(image));
            }
            String group = out.path("deployment").path("autoScalingGroupName").asText(null);
            if (group != null) {
                loop(loops, "cluster", seen, "CheckCluster", "ClusterDone", "-> RestoreRequested", aws.autoScaling().settledSince(group));
            }
        }
        Instant deployed = seen.stream().filter(x -> x.state.equals("DeployAutoScalingGroup")).map(x -> x.at).findFirst().orElse(null);
        Instant ready = seen.stream().filter(x -> x.state.equals("ClusterDone") && x.outcome.equals("-> RestoreRequested")).map(x -> x.at)
                .findFirst().orElse(null);
        Duration clusterTime = deployed == null || ready == null ? null : Duration.between(deployed, ready);
        return new Execution(name, result.status(), result.transitions(), result.invocations(), byService,
                result.localDuration(), lambdaMillis[0], loops, clusterTime);
    }

    /** The loop's checks, and the moment its Choice state moved on (the check that saw the resource ready). */
    private static void loop(List<Loop> loops, String name, List<Seen> seen, String check, String choice, String onReady,
                             Instant readyAt) {
        int checks = (int) seen.stream().filter(s -> s.state.equals(check)).count();
        seen.stream().filter(s -> s.state.equals(choice) && s.outcome.equals(onReady)).findFirst()
                .filter(s -> readyAt != null)
                .ifPresent(s -> loops.add(new Loop(name, checks, readyAt, s.at)));
    }

    public static void print(Figures f, PrintStream out) {
        out.printf("Workflow on the local clock (AWS timings: instance boot %s, builder install %s, image %s)%n",
                LocalRun.human(f.timings().boot()), LocalRun.human(f.timings().install()), LocalRun.human(f.timings().image()));
        out.printf("  %-7s %-9s %8s %11s %11s %9s %11s %10s  %s%n", "run", "status", "AWS time", "transitions",
                "invocations", "API calls", "Lambda ms", "cost USD", "API calls by service");
        for (Execution e : List.of(f.deploy(), f.rebake())) {
            out.printf("  %-7s %-9s %8s %11d %11d %9d %11d %10.6f  %s%n", e.name(), e.status(), LocalRun.human(e.awsTime()),
                    e.transitions(), e.invocations(), e.apiCalls(), e.lambdaMillis(), e.costUsd(), e.callsByService());
        }
        out.printf("  cost: $%.3f per 1,000 transitions, $%.2f per million requests, $%.10f per GB-s (arm64, %.0f MB),"
                        + " us-east-1; Lambda ms as measured here, warm, in-process%n",
                USD_PER_TRANSITION * 1000, USD_PER_REQUEST * 1e6, USD_PER_GB_SECOND, FUNCTION_GB * 1024);
        out.println("  detection delay: from the resource being ready (local AWS's record) to the check that moved on");
        out.printf("  %-7s %-8s %7s %10s %10s %7s%n", "run", "loop", "checks", "ready at", "moved on", "delay");
        for (Execution e : List.of(f.deploy(), f.rebake())) {
            for (Loop l : e.loops()) {
                out.printf("  %-7s %-8s %7d %10s %10s %6ds%n", e.name(), l.name(), l.checks(), clock(l.readyAt()),
                        clock(l.movedOn()), l.delay().toSeconds());
            }
        }
        Duration refresh = f.rebake().clusterTime();
        if (refresh != null) {
            out.printf("  rebake's rolling refresh (DeployAutoScalingGroup to READY, every server through the join gate): %s;"
                            + " before the gate %s; target <= %.0f%% of it: %s (%.0f%%)%n", LocalRun.human(refresh),
                    LocalRun.human(REFRESH_BEFORE_THE_GATE), REFRESH_TARGET * 100,
                    met(refresh.toSeconds() <= REFRESH_TARGET * REFRESH_BEFORE_THE_GATE.toSeconds()),
                    100.0 * refresh.toSeconds() / REFRESH_BEFORE_THE_GATE.toSeconds());
        }
        out.printf("  targets: every loop's delay <= %ds: %s (worst %ds); a deploy under %d transitions: %s (%d)%n",
                DELAY_TARGET.toSeconds(), met(f.deploy().worstDelay().compareTo(DELAY_TARGET) <= 0
                        && f.rebake().worstDelay().compareTo(DELAY_TARGET) <= 0),
                Math.max(f.deploy().worstDelay().toSeconds(), f.rebake().worstDelay().toSeconds()), TRANSITIONS_TARGET,
                met(f.deploy().transitions() < TRANSITIONS_TARGET), f.deploy().transitions());
    }

    public static void print(Sweep sweep, PrintStream out) {
        out.printf("Detection delay over %d runs with the timings shifted (boot +3 s, install +7 s, image +11 s per run),"
                + " seconds%n", sweep.runs().size());
        out.printf("  %-16s %6s %6s %6s  %s%n", "loop", "min", "median", "max", "each run");
        sweep.delays().forEach((loop, delays) -> {
            List<Long> sorted = delays.stream().sorted().toList();
            out.printf("  %-16s %6d %6d %6d  %s%n", loop, sorted.get(0), sorted.get(sorted.size() / 2),
                    sorted.get(sorted.size() - 1), delays);
        });
        out.printf("  deploy transitions %s; targets: every delay <= %ds: %s (worst %ds); a deploy under %d transitions: %s%n",
                sweep.runs().stream().map(f -> String.valueOf(f.deploy().transitions())).toList(), DELAY_TARGET.toSeconds(),
                met(sweep.worstDelaySeconds() <= DELAY_TARGET.toSeconds()), sweep.worstDelaySeconds(), TRANSITIONS_TARGET,
                met(sweep.mostDeployTransitions() < TRANSITIONS_TARGET));
    }

    static String met(boolean met) {
        return met ? "met" : "MISSED";
    }

    private static String clock(Instant at) {
        return at.toString().substring(11, 19);
    }


    /** {@code --boot S --install S --image S}: AWS's timings in seconds (defaults: 60, 180, 360). */
    public static Ec2Timings timings(String[] args) {
        Ec2Timings t = Ec2Timings.realistic();
        Duration boot = t.boot();
        Duration install = t.install();
        Duration image = t.image();
        for (int i = 0; i + 1 < args.length; i++) {
            switch (args[i]) {
                case "--boot" -> boot = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--install" -> install = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--image" -> image = Duration.ofSeconds(Long.parseLong(args[++i]));
                default -> {
                }
            }
        }
        return new Ec2Timings(boot, install, t.stop(), t.terminate(), image);
    }

    public static void main(String[] args) {
        // The handlers run in this JVM: their log lines (one per invocation) would bury the figures on stdout.
        io.consulfactory.lambda.InvocationLog.writeTo(line -> { });
        try (LocalAws aws = LocalAws.start()) {
            LocalRun.useLocalAws(aws);
            Ec2Timings timings = timings(args);
            print(run(aws, timings), System.out);
            System.out.println();
            print(sweep(aws, timings, 5), System.out);
        }
        System.exit(0);
    }
}
