package io.consulfactory.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.lambda.InvocationLog;
import io.consulfactory.local.cloud.AwsError;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.RemoteClock;
import io.consulfactory.local.cloud.TimeSource;
import io.consulfactory.local.cloud.sfn.ExecutionInput;
import io.consulfactory.local.cloud.ec2.BakeOutcome;
import io.consulfactory.local.cloud.ec2.Network;
import io.consulfactory.local.consul.ClusterView;
import io.consulfactory.local.consul.ConsulModel;
import io.consulfactory.local.statemachine.LocalStateMachine;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The whole workflow on this machine: starts the local AWS, runs {@code statemachine/consul-cluster.asl.json}
 * with the real handlers, prints its progress ({@link RunProgress}) and a summary of what exists afterwards. AWS's
 * waiting (instance boot, install, image) happens on the local clock at realistic speed, so a run takes
 * seconds.
 *
 * <pre>./local-run [--input events/deploy.json --rebake]   (or mvn -B -q -pl local exec:java -Dexec.args="…")</pre>
 *
 * <p>Faults the join gate must catch can be reproduced from the command line ({@link #USAGE}). With
 * {@code --endpoint} it runs against a local AWS already running ({@link io.consulfactory.local.cloud.LocalAwsMain}),
 * whose clock it moves through that AWS's control endpoint, and leaves everything there for the AWS CLI.
 *
 * <p>It always ends, with a status: a bad command line, an input that cannot be read or parsed (read before
 * anything starts), or any error of the run is printed and ends the JVM non-zero ({@link #run}).
 */
public final class LocalRun {

    /** The network the stack's parameters name in the example inputs ({@code events/minimal.json}). */
    public static final String VPC_ID = "vpc-0a1b2c3d4e5f60718";
    public static final List<String> SUBNET_IDS = List.of("subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002", "subnet-0a1b2c3d4e5f60003");

    private LocalRun() {
    }

    /** What can go wrong in the run, so a user can watch the join gate work. */
    enum Fault { NONE, NEVER_JOINS, BLOCK_GOSSIP, CRASH_MID_REFRESH }

    static final String USAGE = "usage: LocalRun [--input events/<file>.json] [--rebake] [--resize N] [--fail-install REASON]\n"
            + "                [--never-joins | --block-gossip | --crash-mid-refresh] [--save-events DIR]\n"
            + "                [--endpoint http://127.0.0.1:4566] [--logs FILE] [--diagram FILE] [--verbose]\n"
            + "  --never-joins        a rebake whose image's Consul never starts: the gate turns its first server away\n"
            + "  --block-gossip       a rebake whose servers cannot gossip: the same, with Consul's reason 'no leader'\n"
            + "  --crash-mid-refresh  a rebake during which an old server crashes: replaced, the cluster ends whole\n"
            + "  --resize N           after the deploy, an execution with serverCount N (one server at a time)\n"
            + "  --verbose            every state transition as it happens (else one line per state, one per wait loop)\n"
            + "  --diagram FILE       the workflow as a Mermaid diagram per execution, each state with its AWS time (Markdown)\n"
            + "  --logs FILE          each invocation's log line (the JSON CloudWatch Logs would keep) into FILE\n"
            + "  --endpoint URL       run against a local AWS already running (LocalAwsMain) instead of one of its own;\n"
            + "                       what it makes stays there for the AWS CLI (no fault flags, no --fail-install)";

    /** What the command line asks for. */
    record Options(String input, boolean rebake, Integer resize, Fault fault, String failInstall, Path saveEvents, URI endpoint,
                   Path logs, Path diagram, boolean verbose) {

        static Options parse(String[] args) {
            String input = "events/deploy.json";
            boolean rebake = false;
            Integer resize = null;
            Fault fault = Fault.NONE;
            String failInstall = null;
            Path saveEvents = null;
            URI endpoint = null;
            Path logs = null;
            Path diagram = null;
            boolean verbose = false;
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                switch (flag) {
                    case "--input" -> input = value(args, ++i, flag);
                    case "--rebake" -> rebake = true;
                    case "--resize" -> {
                        try {
                            resize = Integer.valueOf(value(args, ++i, flag));
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--resize takes a number of servers, got '" + args[i] + "'");
                        }
                    }
                    case "--never-joins" -> fault = Fault.NEVER_JOINS;
                    case "--block-gossip" -> fault = Fault.BLOCK_GOSSIP;
                    case "--crash-mid-refresh" -> fault = Fault.CRASH_MID_REFRESH;
                    case "--fail-install" -> failInstall = value(args, ++i, flag);
                    case "--save-events" -> saveEvents = Path.of(value(args, ++i, flag));
                    case "--logs" -> logs = Path.of(value(args, ++i, flag));
                    case "--diagram" -> diagram = Path.of(value(args, ++i, flag));
                    case "--verbose" -> verbose = true;
                    case "--endpoint" -> {
                        endpoint = URI.create(value(args, ++i, flag));
                        if (!"http".equals(endpoint.getScheme()) || endpoint.getHost() == null) {
                            throw new IllegalArgumentException("--endpoint takes the local AWS's URL, e.g. http://127.0.0.1:4566");
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + flag + "'");
                }
            }
            if (endpoint != null && (fault != Fault.NONE || failInstall != null)) {
                throw new IllegalArgumentException("the fault flags and --fail-install need the local AWS in this JVM:"
                        + " not with --endpoint");
            }
            return new Options(input, rebake || fault != Fault.NONE, resize, fault, failInstall, saveEvents, endpoint, logs, diagram,
                    verbose);
        }

        private static String value(String[] args, int i, String flag) {
            if (i >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            return args[i];
        }
    }

    /**
     * Runs and exits with {@link #run}'s status: always, whatever failed (an exception must not be lost while the
     * local AWS's server thread keeps the JVM up).
     */
    public static void main(String[] args) {
        int status;
        try {
            status = run(args, System.out, System.err);
        } catch (Throwable e) {
            System.err.println("LocalRun: " + e);
            e.printStackTrace();
            status = 1;
        }
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }

    /**
     * The whole local run. Returns the process status: 0 when every execution succeeded, 1 when one failed or the
     * run could not go on (an input that cannot be read or is not JSON as StartExecution takes it, an error of the
     * run itself; the reason on {@code err}), 2 for a command line it does not understand. The local AWS it starts is
     * closed whatever happens.
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            out.println(USAGE);
            return 0;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("LocalRun: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        Input deployInput;
        Input rebakeInput;
        try {
            deployInput = Input.read(options.input());
            rebakeInput = options.rebake() ? Input.read("events/rebake.json") : null;
        } catch (IllegalArgumentException e) {
            err.println("LocalRun: " + e.getMessage());
            return 1;
        }
        LocalAws aws = null;
        PrintStream logs = null;
        try {
            // The handlers' log lines go where Lambda would send them only with --logs: stdout is the run's own.
            if (options.logs() != null) {
                logs = new PrintStream(Files.newOutputStream(options.logs()), true, java.nio.charset.StandardCharsets.UTF_8);
                InvocationLog.writeTo(logs::println);
            } else {
                InvocationLog.writeTo(line -> { });
            }
            TimeSource clock;
            LocalWorkflow workflow;
            String suffix = "";
            out.println("Consul Cluster Factory, local run");
            if (options.endpoint() == null) {
                aws = LocalAws.start();
                useLocalAws(aws);
                Network network = aws.ec2().seedNetwork(VPC_ID, SUBNET_IDS);
                if (options.failInstall() != null) {
                    aws.ec2().bakeOutcome(BakeOutcome.fail(options.failInstall()));
                }
                clock = aws.clock();
                workflow = new LocalWorkflow(aws, LocalWorkflow.definitionFile(),
                        LocalWorkflow.stackDefaults(network.vpcId(), network.subnetIds()));
                out.println("local AWS on " + aws.endpoint() + "; the stack's network: " + network.vpcId() + " with "
                        + String.join(", ", network.subnetIds()));
            } else {
                useEndpoint(options.endpoint());
                clock = new RemoteClock(options.endpoint());
                Instant now = clock.now();
                requireNetwork(options.endpoint());
                workflow = new LocalWorkflow(clock, LocalWorkflow.definitionFile(), LocalWorkflow.stackDefaults(VPC_ID, SUBNET_IDS));
                // Execution names are unique per state machine (for 90 days): each run's are its own.
                suffix = "-" + now.getEpochSecond();
                out.println("the local AWS on " + options.endpoint() + " (its clock at " + now + "); the stack's network: "
                        + VPC_ID + " with " + String.join(", ", SUBNET_IDS));
            }
            if (options.saveEvents() != null) {
                workflow.saveEventsTo(options.saveEvents());
            }
            boolean terminal = out == System.out && System.console() != null;
            Run run = new Run(aws, clock, workflow, out, options.verbose(), terminal, new StringBuilder());
            boolean ok = run.execute("deploy" + suffix, deployInput.from(), deployInput.json(), Fault.NONE);
            if (ok && rebakeInput != null) {
                ok = run.execute("rebake" + suffix, rebakeInput.from(), rebakeInput.json(), options.fault());
            }
            if (ok && options.resize() != null) {
                ObjectNode resized = ((ObjectNode) deployInput.json().deepCopy()).put("serverCount", options.resize());
                ok = run.execute("resize" + suffix, "--resize " + options.resize(), resized, Fault.NONE);
            }
            if (options.diagram() != null) {
                Files.writeString(options.diagram(), "# The workflow of each execution, with each state's AWS time\n\n" + run.diagrams());
                out.println("wrote the workflow of each execution, with each state's AWS time, to " + options.diagram());
            }
            summary(aws, out);
            if (options.endpoint() != null) {
                out.println();
                out.println("All of it stays in the local AWS on " + options.endpoint() + ", e.g.:");
                out.println("  aws --endpoint-url " + options.endpoint() + " iam get-role --role-name consul-consul-dc1-node");
            }
            return ok ? 0 : 1;
        } catch (IOException e) {
            err.println("LocalRun: cannot write " + e.getMessage() + ": " + e);
            return 1;
        } catch (RuntimeException | Error e) {
            err.println("LocalRun: the run failed: " + e);
            e.printStackTrace(err);
            return 1;
        } finally {
            InvocationLog.writeTo(null);
            if (logs != null) {
                logs.close();
            }
            if (aws != null) {
                aws.close();
            }
        }
    }

    /**
     * An execution input from a file: JSON as StartExecution takes it ({@link ExecutionInput}: one value, at most
     * 256 KiB), read before anything starts, so a bad file is a message and not a run.
     */
    record Input(String from, JsonNode json) {

        static Input read(String path) {
            Path file;
            try {
                file = LocalWorkflow.repoFile(path);
            } catch (IllegalStateException e) {
                throw new IllegalArgumentException("no execution input at " + path + " (" + e.getMessage() + ")");
            }
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the execution input " + file + ": " + e);
            }
            if (text.startsWith("\uFEFF")) {
                // As StartExecution would: the BOM is a character before the JSON value, not part of an encoding.
                throw new IllegalArgumentException("the execution input " + file + " starts with a byte order mark"
                        + " (U+FEFF): save it as UTF-8 without one");
            }
            try {
                return new Input(file.toString(), ExecutionInput.parse(text));
            } catch (AwsError e) {
                throw new IllegalArgumentException("the execution input " + file + " is not one JSON value as"
                        + " StartExecution takes it: " + e.code() + ": " + e.getMessage());
            }
        }
    }

    /** Every subnet of the example network, or why the run cannot use the local AWS at the endpoint. */
    private static void requireNetwork(URI endpoint) {
        try {
            AwsClients.ec2().describeSubnets(r -> r.subnetIds(SUBNET_IDS));
        } catch (software.amazon.awssdk.services.ec2.model.Ec2Exception e) {
            throw new IllegalStateException("the local AWS on " + endpoint + " has not the example network (" + VPC_ID
                    + ", " + String.join(", ", SUBNET_IDS) + "): start it with LocalAwsMain, which makes it ("
                    + e.awsErrorDetails().errorMessage() + ")", e);
        }
    }

    /**
     * Points this JVM's SDK clients at a local AWS of another process: the endpoint always; the region and the
     * credentials (which the local AWS does not check) only where this JVM has none of its own.
     */
    static void useEndpoint(URI endpoint) {
        System.setProperty("aws.endpointUrl", endpoint.toString());
        setIfAbsent("aws.region", "AWS_REGION", LocalAws.DEFAULT_REGION);
        setIfAbsent("aws.accessKeyId", "AWS_ACCESS_KEY_ID", "AKIALOCALRUN00000001");
        setIfAbsent("aws.secretAccessKey", "AWS_SECRET_ACCESS_KEY", "local");
        System.setProperty("aws.disableEc2Metadata", "true");
    }

    private static void setIfAbsent(String property, String environment, String value) {
        if (System.getProperty(property) == null && System.getenv(environment) == null) {
            System.setProperty(property, value);
        }
    }

    /**
     * Points this JVM's SDK clients at the local AWS through the SDK's standard settings, so the handlers reach
     * it exactly as they reach AWS. Read when the first client is built (clients are built once per JVM):
     * call it before any handler runs, and reuse the same local AWS ({@link LocalAws#reset()}) afterwards.
     */
    public static void useLocalAws(LocalAws aws) {
        System.setProperty("aws.endpointUrl", aws.endpoint().toString());
        System.setProperty("aws.region", LocalAws.DEFAULT_REGION);
        System.setProperty("aws.accessKeyId", "AKIALOCALRUN00000001");
        System.setProperty("aws.secretAccessKey", "local");
        System.setProperty("aws.disableEc2Metadata", "true");
    }

    /** The executions of one run, printed as they go; {@code diagrams} collects each one's picture. */
    private record Run(LocalAws aws, TimeSource clock, LocalWorkflow workflow, PrintStream out, boolean verbose,
                       boolean terminal, StringBuilder diagrams) {

        boolean execute(String name, String from, JsonNode input, Fault fault) {
            out.println();
            out.println("Execution " + name + " with " + from + ": " + input
                    + (fault == Fault.NONE ? "" : "  (fault: " + fault.name().toLowerCase().replace('_', ' ') + ")"));
            FaultInjector[] injector = new FaultInjector[1];
            RunProgress progress = new RunProgress(out, clock, workflow.definition(), verbose, terminal, state -> injector[0].after(state));
            injector[0] = new FaultInjector(aws, fault, progress::note);
            LocalStateMachine.Result result;
            try {
                result = workflow.run(name, input, progress);
            } finally {
                progress.endLoop();
            }
            diagrams.append("## Execution ").append(name).append(": ").append(result.status()).append(" after ")
                    .append(human(result.localDuration())).append(" of AWS time\n\n```mermaid\n");
            try {
                diagrams.append(io.consulfactory.local.statemachine.MermaidDiagram.render(
                        Files.readString(LocalWorkflow.definitionFile()), progress.visits()::get));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            diagrams.append("```\n\n");
            out.printf("%s after %s of AWS time: %d state transitions (%d of them retries), %d Lambda invocations%n",
                    result.status(), human(result.localDuration()), result.transitions(), result.retries(), result.invocations());
            if (result.output() != null && result.output().path("changePlan").isObject()) {
                printPlan(result.output().get("changePlan"));
            }
            if (!result.status().equals("SUCCEEDED")) {
                out.println("  error: " + result.error());
                out.println("  cause: " + result.cause());
            } else if (result.output().has("cluster")) {
                JsonNode consul = result.output().at("/cluster/consul");
                out.println("  Consul: leader " + consul.path("leader").asText() + " (" + consul.path("leaderInstanceId").asText()
                        + "), " + consul.path("voters").asInt() + " voters " + consul.path("servers") + ", failure tolerance "
                        + consul.path("failureTolerance").asInt());
                out.println("  Consul security (as every server reports it): gossip encryption " + consul.path("gossip").asText()
                        + ", TLS " + consul.path("tls").asText() + ", ACLs " + consul.path("acl").asText()
                        + (consul.path("gossip").asText().equals("verified") && consul.path("tls").asText().equals("verified")
                        && consul.path("acl").asText().equals("deny") ? " -- gossip, TLS and ACLs are on" : ""));
                JsonNode resources = result.output().path("resources");
                JsonNode secrets = result.output().path("secrets");
                if (resources.has("clientSecurityGroupId") && secrets.has("clientSecretArn")) {
                    out.println("  client agents join with: security group " + resources.path("clientSecurityGroupId").asText()
                            + ", IAM policy " + resources.path("clientPolicyArn").asText() + " (reads "
                            + secrets.path("clientSecretArn").asText() + ": the gossip key and the CA certificate)");
                }
            }
            return result.status().equals("SUCCEEDED");
        }

        /** The change plan PlanChange decided before anything was made: each change and how it is made. */
        private void printPlan(JsonNode plan) {
            out.println("  change plan: " + plan.path("cluster").asText() + " cluster in " + plan.path("availabilityZones"));
            for (JsonNode c : plan.path("changes")) {
                out.printf("    %-9s %-16s %s -> %s: %s%n", c.path("kind").asText(), c.path("field").asText(),
                        c.path("from").asText(), c.path("to").asText(), c.path("how").asText());
            }
            for (JsonNode w : plan.path("warnings")) {
                out.println("    warning: " + w.asText());
            }
        }
    }

    /** Puts the run's fault in place at the moment it belongs to, between two states of the workflow. */
    private static final class FaultInjector {
        private final LocalAws aws;
        private final Fault fault;
        private final java.util.function.Consumer<String> out;
        private boolean done;

        FaultInjector(LocalAws aws, Fault fault, java.util.function.Consumer<String> out) {
            this.aws = aws;
            this.fault = fault;
            this.out = out;
        }

        void after(String state) {
            if (done || fault == Fault.NONE) {
                return;
            }
            if (state.equals("PublishLaunchTemplate") && (fault == Fault.NEVER_JOINS || fault == Fault.BLOCK_GOSSIP)) {
                String image = newestImage();
                if (fault == Fault.NEVER_JOINS) {
                    aws.consul().failToStart(image);
                } else {
                    aws.consul().blockGossipFrom(image);
                }
                out.accept("  -- fault: servers from " + image + (fault == Fault.NEVER_JOINS ? " cannot start Consul"
                        : " cannot gossip") + " (EC2 sees them healthy)");
                done = true;
            }
            if (state.equals("CheckCluster") && fault == Fault.CRASH_MID_REFRESH) {
                for (ClusterView cluster : clusters()) {
                    Set<String> old = cluster.voters().stream().filter(id -> !newestImage().equals(imageOf(id)))
                            .collect(Collectors.toSet());
                    if (old.size() < cluster.voters().size() && !old.isEmpty()) {
                        String victim = old.stream().filter(id -> !id.equals(cluster.leaderInstanceId())).findFirst()
                                .orElse(old.iterator().next());
                        aws.consul().crash(victim);
                        out.accept("  -- fault: old server " + victim + " crashed (no leave), mid-refresh");
                        done = true;
                    }
                }
            }
        }

        private String newestImage() {
            return AwsClients.ec2().describeImages(r -> r.owners("self")).images().stream()
                    .max(Comparator.comparing(Image::creationDate)).map(Image::imageId).orElseThrow();
        }

        private String imageOf(String instanceId) {
            return aws.ec2().instances().stream().filter(i -> i.instanceId().equals(instanceId)).map(i -> i.imageId())
                    .findFirst().orElse("");
        }

        private List<ClusterView> clusters() {
            return clusterNames().stream().map(aws.consul()::cluster).toList();
        }
    }

    /**
     * What exists now, through the SDK; with the local AWS in this JVM ({@code aws} not null) also what its Consul
     * model says of each cluster and server, which a local AWS of another process keeps to itself.
     */
    private static void summary(LocalAws aws, PrintStream out) {
        out.println();
        out.println("What exists now");
        var ec2 = AwsClients.ec2();
        var iam = AwsClients.iam();
        iam.listRoles(r -> r.pathPrefix("/consul-cluster-factory/")).roles().forEach(role -> out.println(
                "  IAM role            " + role.roleName() + "  " + role.arn()));
        iam.listInstanceProfiles(r -> r.pathPrefix("/consul-cluster-factory/")).instanceProfiles().forEach(p -> out.println(
                "  instance profile    " + p.instanceProfileName() + " holding " + p.roles().stream().map(r -> r.roleName()).toList()));
        for (SecurityGroup g : ec2.describeSecurityGroups(r -> r.filters(f -> f.name("tag:managed-by").values("consul-cluster-factory")))
                .securityGroups()) {
            int rules = g.ipPermissions().stream().mapToInt(p -> p.ipRanges().size() + p.ipv6Ranges().size() + p.userIdGroupPairs().size()).sum();
            int egress = g.ipPermissionsEgress().stream().mapToInt(p -> p.ipRanges().size() + p.ipv6Ranges().size() + p.userIdGroupPairs().size()).sum();
            out.println("  security group      " + g.groupId() + " " + g.groupName() + ": " + rules + " inbound, " + egress + " outbound rules");
        }
        for (Image image : ec2.describeImages(r -> r.owners("self")).images().stream()
                .sorted(Comparator.comparing(Image::creationDate)).toList()) {
            out.println("  image               " + image.imageId() + " " + image.name() + " (" + image.stateAsString() + ")");
        }
        ec2.describeLaunchTemplates().launchTemplates().forEach(t -> out.println("  launch template     "
                + t.launchTemplateId() + " " + t.launchTemplateName() + ", default version " + t.defaultVersionNumber()
                + " of " + t.latestVersionNumber()));
        for (AutoScalingGroup group : AwsClients.autoScaling().describeAutoScalingGroups().autoScalingGroups()) {
            long inService = group.instances().stream().filter(i -> i.lifecycleStateAsString().equals("InService")).count();
            out.println("  auto scaling group  " + group.autoScalingGroupName() + ": " + inService + " of "
                    + group.desiredCapacity() + " in service, launch template version " + group.launchTemplate().version());
            AwsClients.autoScaling().describeInstanceRefreshes(r -> r.autoScalingGroupName(group.autoScalingGroupName()))
                    .instanceRefreshes().forEach(r -> out.println("    instance refresh  " + r.instanceRefreshId()
                            + " " + r.statusAsString() + " (" + r.percentageComplete() + "%)"));
        }
        for (String cluster : aws == null ? List.<String>of() : clusterNames()) {
            ClusterView view = aws.consul().cluster(cluster);
            out.println("  consul cluster      " + cluster + ": leader " + (view.hasLeader() ? view.leaderAddress() + " ("
                    + view.leaderInstanceId() + ")" : "none") + ", " + view.voters().size() + " voters, failure tolerance "
                    + view.failureTolerance() + ", min quorum " + view.minQuorum() + (view.deadPeers().isEmpty() ? ""
                    : ", dead peers " + view.deadPeers().stream().map(ClusterView.RaftPeer::instanceId).toList()));
        }
        List<Instance> instances = ec2.describeInstances().reservations().stream().flatMap(r -> r.instances().stream())
                .sorted(Comparator.comparing(Instance::launchTime)).toList();
        out.println("  instances");
        for (Instance i : instances) {
            String tags = i.tags().stream().filter(t -> !t.key().equals("Name")).sorted(Comparator.comparing(Tag::key))
                    .map(t -> t.key() + "=" + t.value()).collect(Collectors.joining(" "));
            String consul = aws == null ? "" : aws.consul().server(i.instanceId()).map(v -> "consul: " + v.status() + (v.voter() ? " voter" : "")
                    + (v.joinResult() == null ? "" : " join " + v.joinResult()) + "  ").orElse("");
            out.printf("    %s %-13s %-10s %-12s %s  %s%s%n", i.instanceId(), i.state().nameAsString(), i.placement().availabilityZone(),
                    i.privateIpAddress() == null ? "-" : i.privateIpAddress(), i.imageId(), consul, tags);
        }
    }

    /** A duration as an operator reads it: {@code 45s}, {@code 11m30s}, {@code 1h05m}. */
    public static String human(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }

    /** The clusters whose Auto Scaling groups exist, by the groups' cluster tag. */
    private static List<String> clusterNames() {
        return AwsClients.autoScaling().describeAutoScalingGroups().autoScalingGroups().stream()
                .flatMap(g -> g.tags().stream()).filter(t -> t.key().equals(ConsulModel.CLUSTER_TAG)).map(t -> t.value())
                .distinct().toList();
    }
}
