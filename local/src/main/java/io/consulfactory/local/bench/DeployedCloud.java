package io.consulfactory.local.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consulfactory.local.LocalWorkflow;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.Network;
import io.consulfactory.local.statemachine.LocalStateMachine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the per-handler benchmarks start from: a local AWS holding a deployed cluster (one deploy of
 * {@code events/deploy.json} through the workflow) and each function's real input, captured on that deploy.
 * After the deploy every handler is idempotent, so invoking it again with its input makes its real AWS calls
 * and changes nothing. The functions are the template's, in its order: the state machine's, the schedule's
 * RebakeTrigger (whose event is the schedule's at the local AWS's "now"), and the teardown's, the snapshot's and the
 * restore's, whose inputs come from a second cluster's teardown and restore ({@link #OPERATED}).
 *
 * <p>Either {@link #start()} a local AWS of its own (and point this JVM's SDK at it), or {@link #deploy} into
 * a running one the SDK already points at (the {@code aws.*} system properties: the SDK reads them once, when
 * the first client is built). The deploy makes the stack's cluster {@code consul-dc1}: give it a fresh account.
 */
public final class DeployedCloud implements AutoCloseable {

    /**
     * @param event       its captured input
     * @param environment what Lambda and the template set for it besides the SDK's settings
     */
    public record Function(String name, String handler, Path event, Map<String, String> environment) {
    }

    /** The cluster the teardown, snapshot and restore functions' inputs name (see {@link #captureOperationsInputs}). */
    public static final String OPERATED = "consul-bench-ops";

    /** The access key the functions' child JVMs carry: the call log tells their calls from this JVM's. */
    public static final String ACCESS_KEY_ID = "AKIABENCHCHILDJVM001";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RESOURCE = Pattern.compile("^  ([A-Za-z0-9]+):\\s*$");
    private static final Pattern HANDLER = Pattern.compile("^\\s+Handler:\\s*['\"]?([\\w.$]+?)(::\\w+)?['\"]?\\s*$");
    private static final Pattern TOOL_OPTIONS = Pattern.compile("^\\s+JAVA_TOOL_OPTIONS:\\s*['\"]?(.*?)['\"]?\\s*$");

    private final LocalAws aws;
    private final boolean owned;
    private final Path eventsDir;
    private final List<Function> functions;
    private final String javaToolOptions;

    private DeployedCloud(LocalAws aws, boolean owned, Path eventsDir, List<Function> functions, String javaToolOptions) {
        this.aws = aws;
        this.owned = owned;
        this.eventsDir = eventsDir;
        this.functions = functions;
        this.javaToolOptions = javaToolOptions;
    }

    /** Starts a local AWS, points this JVM's SDK at it and deploys; {@link #close()} stops it. */
    public static DeployedCloud start() throws IOException {
        LocalAws aws = LocalAws.start();
        io.consulfactory.local.LocalRun.useLocalAws(aws);
        try {
            return deploy(aws, true);
        } catch (RuntimeException | IOException e) {
            aws.close();
            throw e;
        }
    }

    /** Deploys into a running local AWS, which this JVM's SDK must already reach; {@link #close()} leaves it running. */
    public static DeployedCloud deploy(LocalAws aws) throws IOException {
        String endpoint = System.getProperty("aws.endpointUrl");
        if (!aws.endpoint().toString().equals(endpoint)) {
            throw new IllegalStateException("the SDK's aws.endpointUrl is " + endpoint + ", not this local AWS ("
                    + aws.endpoint() + "): set the aws.* system properties before the first client is built");
        }
        return deploy(aws, false);
    }

    private static DeployedCloud deploy(LocalAws aws, boolean owned) throws IOException {
        String template = Files.readString(LocalWorkflow.repoFile("template.yaml"));
        Map<String, String> handlers = handlers(template);
        for (String name : LocalWorkflow.functionNames()) {
            if (!handlers.containsKey(name)) {
                throw new IllegalStateException("the state machine's " + name + " is not a function of template.yaml");
            }
        }
        Network network = aws.ec2().seedDefaultNetwork();
        LocalWorkflow workflow = new LocalWorkflow(aws, LocalWorkflow.definitionFile(),
                LocalWorkflow.stackDefaults(network.vpcId(), network.subnetIds()));
        Path events = Files.createTempDirectory("consul-factory-bench-events");
        workflow.saveEventsTo(events);
        succeeded("deploy", workflow.run("bench-deploy",
                JSON.readTree(Files.readString(LocalWorkflow.repoFile("events/deploy.json"))), (s, t, l, r, o) -> { }));
        captureOperationsInputs(aws, workflow, events);
        ObjectNode scheduled = (ObjectNode) JSON.readTree(Files.readString(
                LocalWorkflow.repoFile("events/handlers/RebakeTriggerFunction.json")));
        scheduled.put("time", aws.clock().now().toString());
        Files.writeString(events.resolve("RebakeTriggerFunction.json"), scheduled.toPrettyString());

        List<Function> functions = new ArrayList<>();
        handlers.forEach((name, handler) -> {
            Map<String, String> environment = new LinkedHashMap<>();
            environment.put("AWS_LAMBDA_FUNCTION_NAME", "consul-factory-" + name);
            environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
            environment.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
            if (name.equals("RebakeTrigger")) {
                environment.put("STATE_MACHINE_ARN", LocalWorkflow.STATE_MACHINE_ARN);
                environment.put("STACK_CLUSTER_NAME", "consul-dc1");
                environment.put("STACK_CONSUL_VERSION", "1.20.2");
            }
            Path event = events.resolve(name + "Function.json");
            functions.add(new Function(name, handler, Files.exists(event) ? event : null, Map.copyOf(environment)));
        });
        return new DeployedCloud(aws, owned, events, List.copyOf(functions), javaToolOptions(template));
    }

    /**
     * The functions a deploy never runs get their inputs from a second cluster, {@link #OPERATED}: it is deployed,
     * torn down through the teardown workflow (StartTeardown, the final snapshot's RequestSnapshot and CheckSnapshot,
     * the Remove steps), then deployed again with {@code "restoreFrom": "latest"} (RestoreSnapshot, CheckRestore). It
     * is left restored, so those functions' invocations here do their real work on it, never on {@code consul-dc1}.
     * Only first inputs are kept ({@link LocalWorkflow#saveEventsTo}): the deploy's stay {@code consul-dc1}'s.
     */
    private static void captureOperationsInputs(LocalAws aws, LocalWorkflow workflow, Path events) throws IOException {
        ObjectNode spec = (ObjectNode) JSON.readTree(Files.readString(LocalWorkflow.repoFile("events/deploy.json")));
        spec.put("clusterName", OPERATED);
        succeeded("deploy of " + OPERATED, workflow.run("bench-operated", spec, (s, t, l, r, o) -> { }));
        LocalWorkflow teardown = LocalWorkflow.teardown(aws);
        teardown.saveEventsTo(events);
        ObjectNode confirm = JSON.createObjectNode().put("clusterName", OPERATED).put("confirm", OPERATED);
        succeeded("teardown of " + OPERATED, teardown.run("bench-teardown", confirm, (s, t, l, r, o) -> { }));
        spec.put("restoreFrom", "latest");
        succeeded("restore of " + OPERATED, workflow.run("bench-restore", spec, (s, t, l, r, o) -> { }));
    }

    private static void succeeded(String what, LocalStateMachine.Result result) {
        if (!result.status().equals("SUCCEEDED")) {
            throw new IllegalStateException("the benchmark's " + what + " failed: " + result.error() + " " + result.cause());
        }
    }

    public LocalAws aws() {
        return aws;
    }

    /** Every function of the template, in its order. */
    public List<Function> functions() {
        return functions;
    }

    /** The named functions ({@code EnsureSupportingResources}, …), all when none are named. */
    public List<Function> functions(List<String> names) {
        if (names.isEmpty()) {
            return functions;
        }
        List<Function> chosen = new ArrayList<>();
        for (String name : names) {
            chosen.add(functions.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("no function " + name + "; the template's: "
                            + functions.stream().map(Function::name).toList())));
        }
        return chosen;
    }

    /** The template's Globals JAVA_TOOL_OPTIONS: the JVM flags every function runs with. */
    public String javaToolOptions() {
        return javaToolOptions;
    }

    /** The SDK's standard environment variables that reach this local AWS, as a Lambda's reach AWS. */
    public Map<String, String> sdkEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ENDPOINT_URL", aws.endpoint().toString());
        env.put("AWS_REGION", LocalAws.DEFAULT_REGION);
        env.put("AWS_DEFAULT_REGION", LocalAws.DEFAULT_REGION);
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        return env;
    }

    /** Each function resource's handler class, by the resource's name less "Function", in the template's order. */
    static Map<String, String> handlers(String template) {
        Map<String, String> handlers = new LinkedHashMap<>();
        String resource = null;
        for (String line : template.split("\n")) {
            Matcher name = RESOURCE.matcher(line);
            if (name.matches()) {
                resource = name.group(1);
                continue;
            }
            Matcher handler = HANDLER.matcher(line);
            if (handler.matches() && resource != null && resource.endsWith("Function")) {
                handlers.put(resource.substring(0, resource.length() - "Function".length()), handler.group(1));
            }
        }
        return handlers;
    }

    static String javaToolOptions(String template) {
        for (String line : template.split("\n")) {
            Matcher options = TOOL_OPTIONS.matcher(line);
            if (options.matches()) {
                return options.group(1);
            }
        }
        return "";
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(eventsDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (owned) {
            aws.close();
        }
    }
}
