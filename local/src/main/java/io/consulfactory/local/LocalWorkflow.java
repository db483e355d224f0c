package io.consulfactory.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.consulfactory.bake.CheckConsulInstallHandler;
import io.consulfactory.bake.CheckImageHandler;
import io.consulfactory.bake.CreateImageHandler;
import io.consulfactory.bake.LaunchBuilderHandler;
import io.consulfactory.bake.PlanBakeHandler;
import io.consulfactory.cleanup.CleanUpHandler;
import io.consulfactory.cluster.CheckClusterHandler;
import io.consulfactory.cluster.DeployAutoScalingGroupHandler;
import io.consulfactory.launch.PublishLaunchTemplateHandler;
import io.consulfactory.local.cloud.Call;
import io.consulfactory.local.cloud.CallLog;
import io.consulfactory.local.cloud.TimeSource;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.statemachine.AslDefinition;
import io.consulfactory.local.statemachine.LocalStateMachine;
import io.consulfactory.resources.EnsureSupportingResourcesHandler;
import io.consulfactory.spec.ValidateInputHandler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The deployed workflow, locally: {@code statemachine/consul-cluster.asl.json} with the substitutions the
 * SAM template makes (function ARNs, the stack's defaults), its Task states served by the real handlers.
 */
public final class LocalWorkflow {

    public static final String DEFINITION = "statemachine/consul-cluster.asl.json";
    /** The stack's snapshot bucket (template resource SnapshotBucket), as the definition's ${SnapshotBucket}. */
    public static final String SNAPSHOT_BUCKET = "consul-cluster-factory-snapshots-" + LocalAws.ACCOUNT_ID + "-us-east-1";
    public static final String STATE_MACHINE_ARN = "arn:aws:states:us-east-1:" + LocalAws.ACCOUNT_ID + ":stateMachine:consul-cluster-factory";

    /** Each Task's function: the substitution name's stem and the handler class the template deploys. */
    static final Map<String, Supplier<RequestStreamHandler>> FUNCTIONS = new LinkedHashMap<>();

    static {
        FUNCTIONS.put("ValidateInput", ValidateInputHandler::new);
        FUNCTIONS.put("PlanChange", io.consulfactory.plan.PlanChangeHandler::new);
        FUNCTIONS.put("EnsureSupportingResources", EnsureSupportingResourcesHandler::new);
        FUNCTIONS.put("EnsureClusterSecrets", io.consulfactory.secrets.EnsureClusterSecretsHandler::new);
        FUNCTIONS.put("PlanBake", PlanBakeHandler::new);
        FUNCTIONS.put("LaunchBuilder", LaunchBuilderHandler::new);
        FUNCTIONS.put("CheckConsulInstall", CheckConsulInstallHandler::new);
        FUNCTIONS.put("CreateImage", CreateImageHandler::new);
        FUNCTIONS.put("CheckImage", CheckImageHandler::new);
        FUNCTIONS.put("PublishLaunchTemplate", PublishLaunchTemplateHandler::new);
        FUNCTIONS.put("DeployAutoScalingGroup", DeployAutoScalingGroupHandler::new);
        FUNCTIONS.put("CheckCluster", CheckClusterHandler::new);
        FUNCTIONS.put("CleanUp", CleanUpHandler::new);
        FUNCTIONS.put("RestoreSnapshot", io.consulfactory.snapshot.RestoreSnapshotHandler::new);
        FUNCTIONS.put("CheckRestore", io.consulfactory.snapshot.CheckRestoreHandler::new);
    }

    /** The functions the state machine invokes, by their name in the template less "Function", in workflow order. */
    public static java.util.List<String> functionNames() {
        return java.util.List.copyOf(FUNCTIONS.keySet());
    }

    /** The teardown state machine ({@code ConsulClusterTeardown} in the template). */
    public static final String TEARDOWN_DEFINITION = "statemachine/consul-teardown.asl.json";
    public static final String TEARDOWN_STATE_MACHINE_ARN = "arn:aws:states:us-east-1:" + LocalAws.ACCOUNT_ID
            + ":stateMachine:consul-cluster-teardown";

    /**
     * The teardown's functions. Its final snapshot states call {@code RequestSnapshot} and {@code CheckSnapshot}
     * (io.consulfactory.snapshot, the backup work): they get entries here when those handlers exist; until then a
     * teardown that reaches them fails with States.Runtime (no local function), so local teardowns skip the snapshot.
     */
    static final Map<String, Supplier<RequestStreamHandler>> TEARDOWN_FUNCTIONS = new LinkedHashMap<>();

    static {
        TEARDOWN_FUNCTIONS.put("StartTeardown", io.consulfactory.teardown.StartTeardownHandler::new);
        TEARDOWN_FUNCTIONS.put("RequestSnapshot", io.consulfactory.snapshot.RequestSnapshotHandler::new);
        TEARDOWN_FUNCTIONS.put("CheckSnapshot", io.consulfactory.snapshot.CheckSnapshotHandler::new);
        TEARDOWN_FUNCTIONS.put("RemoveServerGroup", io.consulfactory.teardown.RemoveServerGroupHandler::new);
        TEARDOWN_FUNCTIONS.put("RemoveImages", io.consulfactory.teardown.RemoveImagesHandler::new);
        TEARDOWN_FUNCTIONS.put("RemoveSecurityGroups", io.consulfactory.teardown.RemoveSecurityGroupsHandler::new);
        TEARDOWN_FUNCTIONS.put("RemoveIdentity", io.consulfactory.teardown.RemoveIdentityHandler::new);
        TEARDOWN_FUNCTIONS.put("RemoveRecordAndSecrets", io.consulfactory.teardown.RemoveRecordAndSecretsHandler::new);
    }

    /** The teardown's functions, by their name in the template less "Function", in workflow order. */
    public static java.util.List<String> teardownFunctionNames() {
        return java.util.List.copyOf(TEARDOWN_FUNCTIONS.keySet());
    }

    /** The teardown state machine against this local AWS, with the stack's substitutions ({@code SnapshotBucket}). */
    public static LocalWorkflow teardown(LocalAws aws) {
        return new LocalWorkflow(aws, repoFile(TEARDOWN_DEFINITION), Map.of("SnapshotBucket", SNAPSHOT_BUCKET),
                TEARDOWN_FUNCTIONS, TEARDOWN_STATE_MACHINE_ARN);
    }

    private final String stateMachineArn;
    private volatile java.util.List<Invocation> history;
    /** The local AWS in this JVM, or null for one in another process. */
    private LocalAws aws;
    private final TimeSource clock;
    private final CallLog calls;
    private final AslDefinition definition;
    private final Map<String, RequestStreamHandler> functions = new LinkedHashMap<>();
    // Executions may run at once, on threads of their own (see LocalClock): everything below is thread-safe.
    private final Map<String, java.util.Set<String>> actionsSeen = new ConcurrentSkipListMap<>();
    private volatile Path eventsDir;
    private final Map<String, Integer> crashes = new ConcurrentHashMap<>();
    private final AtomicInteger executions = new AtomicInteger();
    private final AtomicInteger invocationsInFlight = new AtomicInteger();
    private final AtomicLong invocationsStarted = new AtomicLong();
    private final java.util.Queue<FailedInvocation> failedInvocations = new ConcurrentLinkedQueue<>();

    /** @param stackDefaults the stack's parameters as the template passes them (DefaultClusterName, …) */
    public LocalWorkflow(LocalAws aws, Path definitionFile, Map<String, String> stackDefaults) {
        this(aws, definitionFile, stackDefaults, name -> FUNCTIONS.get(name).get());
    }

    /**
     * The same, each function served by {@code handlers.apply(name)} (a name of {@link #functionNames()}) instead
     * of the handler on the classpath: the shipped package's own, say, loaded apart.
     */
    public LocalWorkflow(LocalAws aws, Path definitionFile, Map<String, String> stackDefaults,
                         java.util.function.Function<String, RequestStreamHandler> handlers) {
        this(aws.clock(), aws.calls(), definitionFile, stackDefaults, FUNCTIONS.keySet(), handlers, STATE_MACHINE_ARN);
        this.aws = aws;
    }

    /** The stack's snapshot bucket, which the template makes: made in this local AWS unless it is there. */
    public static void snapshotBucket(LocalAws aws) {
        if (aws.s3().bucket(SNAPSHOT_BUCKET).isEmpty()) {
            aws.s3().createBucket(SNAPSHOT_BUCKET);
        }
    }

    /**
     * Another definition (the teardown's, say) with its own functions, by the substitution name's stem; a
     * {@code ${<Name>FunctionArn}} placeholder of the definition with no function here gets an ARN all the same,
     * and a Task that reaches it fails with States.Runtime.
     */
    public LocalWorkflow(LocalAws aws, Path definitionFile, Map<String, String> stackDefaults,
                         Map<String, Supplier<RequestStreamHandler>> functions, String stateMachineArn) {
        this(aws.clock(), aws.calls(), definitionFile, stackDefaults, functions.keySet(), name -> functions.get(name).get(),
                stateMachineArn);
        this.aws = aws;
    }

    /**
     * The workflow against a local AWS in another process ({@code LocalRun --endpoint}): its time is that AWS's
     * clock, moved through its control endpoint; the calls it logs are out of reach, so {@link #actionsSeen()} stays
     * empty.
     */
    public LocalWorkflow(TimeSource clock, Path definitionFile, Map<String, String> stackDefaults) {
        this(clock, null, definitionFile, stackDefaults, FUNCTIONS.keySet(), name -> FUNCTIONS.get(name).get(), STATE_MACHINE_ARN);
    }

    private LocalWorkflow(TimeSource clock, CallLog calls, Path definitionFile, Map<String, String> stackDefaults,
                          java.util.Set<String> names, java.util.function.Function<String, RequestStreamHandler> handlers,
                          String stateMachineArn) {
        this.clock = clock;
        this.calls = calls;
        this.stateMachineArn = stateMachineArn;
        Map<String, String> substitutions = new LinkedHashMap<>(stackDefaults);
        for (String name : names) {
            String arn = functionArn(name);
            substitutions.put(name + "FunctionArn", arn);
            functions.put(arn, recording(name, handlers.apply(name)));
        }
        try {
            String text = Files.readString(definitionFile);
            for (String placeholder : AslDefinition.placeholders(text)) {
                if (placeholder.endsWith("FunctionArn")) {
                    substitutions.putIfAbsent(placeholder, functionArn(placeholder.substring(0, placeholder.length() - "FunctionArn".length())));
                }
            }
            this.definition = AslDefinition.parse(text, substitutions);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + definitionFile, e);
        }
    }

    private static String functionArn(String name) {
        return "arn:aws:lambda:us-east-1:" + LocalAws.ACCOUNT_ID + ":function:consul-factory-" + name + ":live";
    }

    /** The definition file. */
    public static Path definitionFile() {
        return repoFile(DEFINITION);
    }

    /**
     * A file of the repository, given relative to its root: found from the root (LocalRun) or from a module
     * directory below it (Maven runs tests there). A path that exists as given is taken as it is.
     */
    public static Path repoFile(String path) {
        Path given = Path.of(path);
        if (Files.exists(given) || given.isAbsolute()) {
            return given;
        }
        Path up = Path.of("..").resolve(given);
        if (Files.exists(up)) {
            return up;
        }
        throw new IllegalStateException("cannot find " + path + " from " + Path.of("").toAbsolutePath());
    }

    /** Stack defaults for a network: what the template's parameters pass in. */
    public static Map<String, String> stackDefaults(String vpcId, java.util.List<String> subnetIds) {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("DefaultClusterName", "consul-dc1");
        defaults.put("DefaultVpcId", vpcId);
        defaults.put("DefaultSubnetIds", String.join(",", subnetIds));
        defaults.put("DefaultConsulVersion", "1.20.2");
        defaults.put("DefaultInstanceType", "t3.small");
        defaults.put("DefaultServerCount", "3");
        defaults.put("DefaultApiAllowedCidrs", "");
        defaults.put("DefaultMaxImageAgeDays", "30");
        defaults.put("SnapshotBucket", SNAPSHOT_BUCKET);
        return defaults;
    }

    /**
     * The handler, noting which AWS actions it calls: what each function's IAM policy must allow. The calls the
     * local AWS logs during an invocation are its own when no other invocation ran meanwhile; when executions
     * run at once, an invocation that overlapped another notes nothing (the log cannot tell whose a call was).
     */
    private RequestStreamHandler recording(String name, RequestStreamHandler handler) {
        return (in, out, context) -> {
            long id = invocationsStarted.incrementAndGet();
            boolean alone = invocationsInFlight.getAndIncrement() == 0 && calls != null;
            int before = calls == null ? 0 : calls.size();
            byte[] input = in.readAllBytes();
            saveEvent(name, input);
            try {
                java.io.ByteArrayOutputStream result = new java.io.ByteArrayOutputStream();
                try {
                    handler.handleRequest(new java.io.ByteArrayInputStream(input), result, context);
                } catch (RuntimeException e) {
                    failedInvocations.add(new FailedInvocation(name, e.getClass().getName(), String.valueOf(e.getMessage())));
                    if (history != null) {
                        history.add(new Invocation(name, new String(input, StandardCharsets.UTF_8), e.getClass().getName() + ": " + e.getMessage()));
                    }
                    throw e;
                }
                out.write(result.toByteArray());
                if (history != null) {
                    history.add(new Invocation(name, new String(input, StandardCharsets.UTF_8), result.toString(StandardCharsets.UTF_8)));
                }
                if (crashes.merge(name, -1, Integer::sum) >= 0) {
                    // The function did its work, then Lambda lost it (timeout, out of memory): Step Functions sees Lambda.Unknown.
                    throw new io.consulfactory.local.statemachine.StatesError("Lambda.Unknown",
                            "{\"errorMessage\":\"Task timed out after 60.00 seconds\",\"errorType\":\"Sandbox.Timedout\"}");
                }
            } finally {
                java.util.List<Call> made = alone ? calls.since(before) : java.util.List.of();
                // Checked after reading the calls: an invocation that started since has not been alone with this one.
                if (alone && invocationsStarted.get() == id) {
                    java.util.Set<String> seen = actionsSeen.computeIfAbsent(name, n -> new ConcurrentSkipListSet<>());
                    made.forEach(call -> seen.add(call.iamAction()));
                }
                invocationsInFlight.decrementAndGet();
            }
        };
    }

    /** An invocation whose handler threw: the function, the exception's class (the Lambda error type) and message. */
    public record FailedInvocation(String function, String errorType, String message) {
    }

    /** Every invocation whose handler threw, in order, retried ones included. */
    public java.util.List<FailedInvocation> failedInvocations() {
        return java.util.List.copyOf(failedInvocations);
    }

    /** The next {@code times} invocations of the function do their work, then fail as a timed-out function. */
    public void crashAfterWork(String function, int times) {
        crashes.put(function, times);
    }

    /**
     * One task of an execution's history as Step Functions keeps it (TaskScheduled's input, TaskSucceeded's output
     * or TaskFailed's error and cause): every state's data is made of these, Pass and Choice states only move it.
     */
    public record Invocation(String function, String input, String output) {
    }

    /** From now on, every invocation's input and output (or error) is kept for {@link #history()}. */
    public void recordHistory() {
        if (history == null) {
            history = new java.util.concurrent.CopyOnWriteArrayList<>();
        }
    }

    /** What {@link #recordHistory()} kept, in order. */
    public java.util.List<Invocation> history() {
        return history == null ? java.util.List.of() : java.util.List.copyOf(history);
    }

    /** From now on, each function's first input is written to {@code dir/<Function>.json} (for sam local invoke). */
    public void saveEventsTo(Path dir) {
        this.eventsDir = dir;
    }

    private synchronized void saveEvent(String name, byte[] input) throws IOException {
        if (eventsDir == null) {
            return;
        }
        Path file = eventsDir.resolve(name + "Function.json");
        if (!Files.exists(file)) {
            Files.createDirectories(eventsDir);
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(input)) + "\n");
        }
    }

    /** The AWS actions each function (by its name in the template, less "Function") was seen calling. */
    public Map<String, java.util.Set<String>> actionsSeen() {
        return actionsSeen;
    }

    /** The definition the workflow runs, with the stack's substitutions made. */
    public AslDefinition definition() {
        return definition;
    }

    public LocalStateMachine.Result run(String executionName, JsonNode input, LocalStateMachine.Listener listener) {
        if (aws != null) {
            snapshotBucket(aws); // the stack's, which a reset of the local AWS takes away with everything else
        }
        int seed = executions.incrementAndGet();
        String arn = stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + executionName;
        return new LocalStateMachine(definition, functions, clock, seed).run(arn, input, listener);
    }
}
