package io.consulfactory.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.local.LocalRun;
import io.consulfactory.local.LocalWorkflow;
import io.consulfactory.local.cloud.Call;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.Ec2Timings;
import io.consulfactory.local.cloud.ec2.Network;
import io.consulfactory.local.statemachine.LocalStateMachine;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Many clusters deployed at once against one account: N deploy executions started together, each its own
 * cluster ({@code consul-c01}, …) in the stack's network, against one local AWS that throttles EC2 at AWS's
 * documented rates. The executions share the local clock (each waits its own time, see
 * {@link io.consulfactory.local.cloud.LocalClock}); the API calls, the SDK's retries and the token buckets'
 * refill happen in real time.
 *
 * <pre>mvn -q -pl local exec:java -Dexec.mainClass=io.consulfactory.local.bench.ScaleRun [-Dexec.args=20]</pre>
 */
public final class ScaleRun {

    /** The error codes AWS throttles with, by protocol. */
    private static final List<String> THROTTLING = List.of("RequestLimitExceeded", "Throttling", "ThrottlingException");
    private static final String RETRYABLE = "io.consulfactory.aws.RetryableAwsException";

    /** One execution's end. */
    public record Execution(String cluster, String status, String error, String cause, int transitions, int invocations,
                            Duration awsTime) {
    }

    /** What each cluster has in Auto Scaling afterwards: its groups and their servers in service. */
    public record ClusterGroups(String cluster, List<String> groups, int desired, int inService) {
    }

    /**
     * @param awsTime            simulated AWS time from the first start to the last end
     * @param wallTime           real time the whole run took
     * @param callsByService     AWS API calls per service (signing name)
     * @param throttledByAction  throttled calls per "service:Action", most first
     * @param failedAfterRetries calls that stayed throttled or failing through the SDK's own retries (a handler's
     *                           {@code RetryableAwsException}, which the state machine retried), per function
     */
    public record Figures(int clusters, double rateScale, List<Execution> executions, Duration awsTime, Duration wallTime,
                          long transitions, long invocations, long calls, Map<String, Long> callsByService,
                          long throttled, Map<String, Long> throttledByAction, long failedAfterRetries,
                          Map<String, Long> failedAfterRetriesByFunction, List<ClusterGroups> groups) {

        public long succeeded() {
            return executions.stream().filter(e -> e.status().equals("SUCCEEDED")).count();
        }

        public List<Execution> failed() {
            return executions.stream().filter(e -> !e.status().equals("SUCCEEDED")).toList();
        }

        public void print(PrintStream out) {
            out.printf("%d clusters deployed at once, EC2 throttled at %s rates%n", clusters,
                    rateScale == 1 ? "AWS's documented" : rateScale + " x AWS's documented");
            out.printf("  executions          %d succeeded, %d failed%n", succeeded(), failed().size());
            for (Execution e : failed()) {
                out.printf("    %s %s: %s: %s%n", e.cluster(), e.status(), e.error(), e.cause());
            }
            out.printf("  AWS time            %s (first start to last end; slowest execution %s, fastest %s)%n", LocalRun.human(awsTime),
                    LocalRun.human(executions.stream().map(Execution::awsTime).max(Comparator.naturalOrder()).orElse(Duration.ZERO)),
                    LocalRun.human(executions.stream().map(Execution::awsTime).min(Comparator.naturalOrder()).orElse(Duration.ZERO)));
            out.printf("  wall time           %.1f s%n", wallTime.toMillis() / 1000.0);
            out.printf("  state transitions   %d (retries included, as billed)%n", transitions);
            out.printf("  Lambda invocations  %d%n", invocations);
            out.printf("  AWS API calls       %d: %s%n", calls, callsByService.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
            out.printf("  throttled calls     %d%s%n", throttled, throttled == 0 ? "" : ", most: " + throttledByAction.entrySet()
                    .stream().limit(8).map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
            out.printf("  failed after the SDK's retries  %d%s%n", failedAfterRetries, failedAfterRetries == 0 ? ""
                    : " (retried by the state machine): " + failedAfterRetriesByFunction.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
            long complete = groups.stream().filter(g -> g.groups().size() == 1 && g.inService() == g.desired()).count();
            out.printf("  clusters            %d of %d with exactly one group, all its servers in service%n", complete, clusters);
            groups.stream().filter(g -> g.groups().size() != 1 || g.inService() != g.desired()).forEach(g ->
                    out.printf("    %s: groups %s, %d of %d in service%n", g.cluster(), g.groups(), g.inService(), g.desired()));
        }
    }

    private ScaleRun() {
    }

    public static void main(String[] args) {
        // The handlers run in this JVM: their log lines (one per invocation) would bury the figures on stdout.
        io.consulfactory.lambda.InvocationLog.writeTo(line -> { });
        int clusters = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Figures figures = run(clusters, Ec2Timings.realistic());
        figures.print(System.out);
        System.exit(figures.failed().isEmpty() ? 0 : 1);
    }

    /**
     * Starts a local AWS and points the SDK at it, as LocalRun does: for a JVM of its own, where no SDK client
     * has been built yet (the clients read the endpoint once). Tests pass their local AWS to
     * {@link #run(LocalAws, int, Ec2Timings, double)}.
     */
    public static Figures run(int clusters, Ec2Timings timings) {
        try (LocalAws aws = LocalAws.start()) {
            io.consulfactory.local.LocalRun.useLocalAws(aws);
            return run(aws, clusters, timings, 1);
        }
    }

    /**
     * Deploys {@code clusters} clusters at once on the given local AWS (which the SDK already reaches), with
     * EC2 throttled at the documented rates times {@code rateScale}.
     */
    public static Figures run(LocalAws aws, int clusters, Ec2Timings timings, double rateScale) {
        aws.faults().throttleEc2AtDocumentedRates(rateScale);
        aws.ec2().timings(timings);
        Network network = aws.ec2().seedDefaultNetwork();
        LocalWorkflow workflow = new LocalWorkflow(aws, LocalWorkflow.definitionFile(),
                LocalWorkflow.stackDefaults(network.vpcId(), network.subnetIds()));
        int callsBefore = aws.calls().size();
        Instant start = aws.clock().now();
        long wallStart = System.nanoTime();

        // Every execution joins the clock before any starts: no one's first wait may move the clock past another's start.
        CountDownLatch joined = new CountDownLatch(clusters);
        ExecutorService threads = Executors.newFixedThreadPool(clusters, r -> {
            Thread t = new Thread(r, "execution");
            t.setDaemon(true);
            return t;
        });
        List<Future<Execution>> running = new ArrayList<>();
        for (int i = 1; i <= clusters; i++) {
            String cluster = String.format("consul-c%02d", i);
            JsonNode input = JsonNodeFactory.instance.objectNode().put("clusterName", cluster);
            running.add(threads.submit(() -> {
                aws.clock().join();
                try {
                    joined.countDown();
                    joined.await();
                    LocalStateMachine.Result r = workflow.run("deploy-" + cluster, input, (s, t, l, w, o) -> { });
                    return new Execution(cluster, r.status(), r.error(), r.cause(), r.transitions(), r.invocations(),
                            r.localDuration());
                } finally {
                    aws.clock().leave();
                }
            }));
        }
        List<Execution> executions = new ArrayList<>();
        for (int i = 0; i < running.size(); i++) {
            try {
                executions.add(running.get(i).get());
            } catch (ExecutionException e) {
                executions.add(new Execution(String.format("consul-c%02d", i + 1), "CRASHED", e.getCause().getClass().getName(),
                        String.valueOf(e.getCause().getMessage()), 0, 0, Duration.ZERO));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the executions ran", e);
            }
        }
        threads.shutdown();
        Duration wall = Duration.ofNanos(System.nanoTime() - wallStart);
        Duration awsTime = Duration.between(start, aws.clock().now());

        List<Call> calls = aws.calls().since(callsBefore);
        List<Call> throttled = calls.stream().filter(c -> !c.succeeded() && THROTTLING.contains(c.errorCode())).toList();
        List<LocalWorkflow.FailedInvocation> exhausted = workflow.failedInvocations().stream()
                .filter(f -> f.errorType().equals(RETRYABLE)).toList();
        return new Figures(clusters, rateScale, executions, awsTime, wall,
                executions.stream().mapToLong(Execution::transitions).sum(),
                executions.stream().mapToLong(Execution::invocations).sum(),
                calls.size(), count(calls, Call::service), throttled.size(), count(throttled, Call::iamAction),
                exhausted.size(), count(exhausted, LocalWorkflow.FailedInvocation::function),
                groups(clusters));
    }

    /** Counts by key, most first. */
    private static <T> Map<String, Long> count(List<T> items, Function<T, String> key) {
        Map<String, Long> counts = items.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
        Map<String, Long> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** Each cluster's Auto Scaling groups (by the cluster tag), read through the SDK after the figures are taken. */
    private static List<ClusterGroups> groups(int clusters) {
        Map<String, List<AutoScalingGroup>> byCluster = new TreeMap<>();
        AwsClients.autoScaling().describeAutoScalingGroupsPaginator().autoScalingGroups().forEach(g -> g.tags().stream()
                .filter(t -> t.key().equals(io.consulfactory.aws.Tags.CLUSTER)).map(TagDescription::value).findFirst()
                .ifPresent(cluster -> byCluster.computeIfAbsent(cluster, c -> new ArrayList<>()).add(g)));
        List<ClusterGroups> result = new ArrayList<>();
        for (int i = 1; i <= clusters; i++) {
            String cluster = String.format("consul-c%02d", i);
            List<AutoScalingGroup> groups = byCluster.getOrDefault(cluster, List.of());
            result.add(new ClusterGroups(cluster, groups.stream().map(AutoScalingGroup::autoScalingGroupName).toList(),
                    groups.stream().mapToInt(AutoScalingGroup::desiredCapacity).sum(),
                    (int) groups.stream().flatMap(g -> g.instances().stream())
                            .filter(x -> x.lifecycleStateAsString().equals("InService")).count()));
        }
        return result;
    }

}
