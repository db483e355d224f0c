package io.consulfactory.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.BakeOutcome;
import io.consulfactory.local.cloud.ec2.Network;
import io.consulfactory.local.consul.ClusterView;
import io.consulfactory.local.statemachine.LocalStateMachine;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The whole workflow on this machine: starts the local AWS, runs {@code statemachine/consul-cluster.asl.json}
 * with the real handlers, prints each state as it runs and a summary of what exists afterwards. AWS's
 * waiting (instance boot, install, image) happens on the local clock at realistic speed, so a run takes
 * seconds.
 *
 * <pre>mvn -B -q -pl local exec:java [-Dexec.args="--input events/deploy.json --rebake"]</pre>
 *
 * <p>Faults the join gate must catch can be reproduced from the command line ({@link #USAGE}).
 */
public final class LocalRun {

    /** The network the stack's parameters name in the example inputs ({@code events/minimal.json}). */
    public static final String VPC_ID = "vpc-0a1b2c3d4e5f60718";
    public static final List<String> SUBNET_IDS = List.of("subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002", "subnet-0a1b2c3d4e5f60003");

    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalRun() {
    }

    /** What can go wrong in the run, so a user can watch the join gate work. */
    enum Fault { NONE, NEVER_JOINS, BLOCK_GOSSIP, CRASH_MID_REFRESH }

    static final String USAGE = "usage: LocalRun [--input events/<file>.json] [--rebake] [--resize N] [--fail-install REASON]\n"
            + "                [--never-joins | --block-gossip | --crash-mid-refresh] [--save-events DIR]\n"
            + "  --never-joins        a rebake whose image's Consul never starts: the gate turns its first server away\n"
            + "  --block-gossip       a rebake whose servers cannot gossip: the same, with Consul's reason 'no leader'\n"
            + "  --crash-mid-refresh  a rebake during which an old server crashes: replaced, the cluster ends whole\n"
            + "  --resize N           after the deploy, an execution with serverCount N (one server at a time)";

    public static void main(String[] args) throws IOException {
        String input = "events/deploy.json";
        boolean rebake = false;
        Integer resize = null;
        Fault fault = Fault.NONE;
        String failInstall = null;
        Path saveEvents = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--input" -> input = args[++i];
                case "--rebake" -> rebake = true;
                case "--resize" -> resize = Integer.valueOf(args[++i]);
                case "--never-joins" -> fault = Fault.NEVER_JOINS;
                case "--block-gossip" -> fault = Fault.BLOCK_GOSSIP;
                case "--crash-mid-refresh" -> fault = Fault.CRASH_MID_REFRESH;
                case "--fail-install" -> failInstall = args[++i];
                case "--save-events" -> saveEvents = Path.of(args[++i]);
                default -> {
                    System.err.println(USAGE);
                    System.exit(2);
                }
            }
        }
        rebake |= fault != Fault.NONE;
        LocalAws aws = LocalAws.start();
        useLocalAws(aws);
        Network network = aws.ec2().seedNetwork(VPC_ID, SUBNET_IDS);
        if (failInstall != null) {
            aws.ec2().bakeOutcome(BakeOutcome.fail(failInstall));
        }
        LocalWorkflow workflow = new LocalWorkflow(aws, LocalWorkflow.definitionFile(),
                LocalWorkflow.stackDefaults(network.vpcId(), network.subnetIds()));
        if (saveEvents != null) {
            workflow.saveEventsTo(saveEvents);
        }
        System.out.println("Consul Cluster Factory, local run");
        System.out.println("local AWS on " + aws.endpoint() + "; the stack's network: " + network.vpcId() + " with "
                + String.join(", ", network.subnetIds()));

        JsonNode deployInput = JSON.readTree(Files.readString(LocalWorkflow.repoFile(input)));
        boolean ok = execute(aws, workflow, "deploy", LocalWorkflow.repoFile(input).toString(), deployInput, Fault.NONE);
        if (ok && rebake) {
            Path file = LocalWorkflow.repoFile("events/rebake.json");
            ok = execute(aws, workflow, "rebake", file.toString(), JSON.readTree(Files.readString(file)), fault);
        }
        if (ok && resize != null) {
            ObjectNode resized = ((ObjectNode) deployInput.deepCopy()).put("serverCount", resize);
            ok = execute(aws, workflow, "resize", "--resize " + resize, resized, Fault.NONE);
        }
        summary(aws);
        aws.close();
        System.exit(ok ? 0 : 1);
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

    private static boolean execute(LocalAws aws, LocalWorkflow workflow, String name, String from, JsonNode input, Fault fault) {
        System.out.println();
        System.out.println("Execution " + name + " with " + from + ": " + input
                + (fault == Fault.NONE ? "" : "  (fault: " + fault.name().toLowerCase().replace('_', ' ') + ")"));
        System.out.printf("  %-8s %-9s %-26s %-7s %8s  %s%n", "AWS time", "waited", "state", "type", "ran", "outcome");
        FaultInjector injector = new FaultInjector(aws, fault);
        LocalStateMachine.Result result = workflow.run(name, input, (state, type, local, real, outcome) -> {
            System.out.printf("  %-8s %-9s %-26s %-7s %6d ms  %s%n", clock(aws), local.isZero() ? "" : "+" + human(local),
                    state, type, real.toMillis(), outcome);
            injector.after(state);
        });
        System.out.printf("%s after %s of AWS time: %d state transitions, %d Lambda invocations%n", result.status(),
                human(result.localDuration()), result.transitions(), result.invocations());
        if (!result.status().equals("SUCCEEDED")) {
            System.out.println("  error: " + result.error());
            System.out.println("  cause: " + result.cause());
        } else if (result.output().has("cluster")) {
            JsonNode consul = result.output().at("/cluster/consul");
            System.out.println("  Consul: leader " + consul.path("leader").asText() + " (" + consul.path("leaderInstanceId").asText()
                    + "), " + consul.path("voters").asInt() + " voters " + consul.path("servers") + ", failure tolerance "
                    + consul.path("failureTolerance").asInt());
        }
        return result.status().equals("SUCCEEDED");
    }

    /** Puts the run's fault in place at the moment it belongs to, between two states of the workflow. */
    private static final class FaultInjector {
        private final LocalAws aws;
        private final Fault fault;
        private boolean done;

        FaultInjector(LocalAws aws, Fault fault) {
            this.aws = aws;
            this.fault = fault;
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
                System.out.println("  -- fault: servers from " + image + (fault == Fault.NEVER_JOINS ? " cannot start Consul"
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
                        System.out.println("  -- fault: old server " + victim + " crashed (no leave), mid-refresh");
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
            return AwsClients.autoScaling().describeAutoScalingGroups().autoScalingGroups().stream()
                    .flatMap(g -> g.tags().stream()).filter(t -> t.key().equals("consul-cluster")).map(t -> t.value()).distinct()
                    .map(aws.consul()::cluster).toList();
        }
    }

    private static void summary(LocalAws aws) {
        System.out.println();
        System.out.println("What exists now");
        var ec2 = AwsClients.ec2();
        var iam = AwsClients.iam();
        iam.listRoles(r -> r.pathPrefix("/consul-cluster-factory/")).roles().forEach(role -> System.out.println(
                "  IAM role            " + role.roleName() + "  " + role.arn()));
        iam.listInstanceProfiles(r -> r.pathPrefix("/consul-cluster-factory/")).instanceProfiles().forEach(p -> System.out.println(
                "  instance profile    " + p.instanceProfileName() + " holding " + p.roles().stream().map(r -> r.roleName()).toList()));
        for (SecurityGroup g : ec2.describeSecurityGroups(r -> r.filters(f -> f.name("tag:managed-by").values("consul-cluster-factory")))
                .securityGroups()) {
            int rules = g.ipPermissions().stream().mapToInt(p -> p.ipRanges().size() + p.ipv6Ranges().size() + p.userIdGroupPairs().size()).sum();
            int egress = g.ipPermissionsEgress().stream().mapToInt(p -> p.ipRanges().size() + p.ipv6Ranges().size() + p.userIdGroupPairs().size()).sum();
            System.out.println("  security group      " + g.groupId() + " " + g.groupName() + ": " + rules + " inbound, " + egress + " outbound rules");
        }
        for (Image image : ec2.describeImages(r -> r.owners("self")).images().stream()
                .sorted(Comparator.comparing(Image::creationDate)).toList()) {
            System.out.println("  image               " + image.imageId() + " " + image.name() + " (" + image.stateAsString() + ")");
        }
        ec2.describeLaunchTemplates().launchTemplates().forEach(t -> System.out.println("  launch template     "
                + t.launchTemplateId() + " " + t.launchTemplateName() + ", default version " + t.defaultVersionNumber()
                + " of " + t.latestVersionNumber()));
        for (AutoScalingGroup group : AwsClients.autoScaling().describeAutoScalingGroups().autoScalingGroups()) {
            long inService = group.instances().stream().filter(i -> i.lifecycleStateAsString().equals("InService")).count();
            System.out.println("  auto scaling group  " + group.autoScalingGroupName() + ": " + inService + " of "
                    + group.desiredCapacity() + " in service, launch template version " + group.launchTemplate().version());
            AwsClients.autoScaling().describeInstanceRefreshes(r -> r.autoScalingGroupName(group.autoScalingGroupName()))
                    .instanceRefreshes().forEach(r -> System.out.println("    instance refresh  " + r.instanceRefreshId()
                            + " " + r.statusAsString() + " (" + r.percentageComplete() + "%)"));
        }
        for (String cluster : AwsClients.autoScaling().describeAutoScalingGroups().autoScalingGroups().stream()
                .flatMap(g -> g.tags().stream()).filter(t -> t.key().equals("consul-cluster")).map(t -> t.value()).distinct().toList()) {
            ClusterView view = aws.consul().cluster(cluster);
            System.out.println("  consul cluster      " + cluster + ": leader " + (view.hasLeader() ? view.leaderAddress() + " ("
                    + view.leaderInstanceId() + ")" : "none") + ", " + view.voters().size() + " voters, failure tolerance "
                    + view.failureTolerance() + ", min quorum " + view.minQuorum() + (view.deadPeers().isEmpty() ? ""
                    : ", dead peers " + view.deadPeers().stream().map(ClusterView.RaftPeer::instanceId).toList()));
        }
        List<Instance> instances = ec2.describeInstances().reservations().stream().flatMap(r -> r.instances().stream())
                .sorted(Comparator.comparing(Instance::launchTime)).toList();
        System.out.println("  instances");
        for (Instance i : instances) {
            String tags = i.tags().stream().filter(t -> !t.key().equals("Name")).sorted(Comparator.comparing(Tag::key))
                    .map(t -> t.key() + "=" + t.value()).collect(Collectors.joining(" "));
            String consul = aws.consul().server(i.instanceId()).map(v -> "consul: " + v.status() + (v.voter() ? " voter" : "")
                    + (v.joinResult() == null ? "" : " join " + v.joinResult()) + "  ").orElse("");
            System.out.printf("    %s %-13s %-10s %-12s %s  %s%s%n", i.instanceId(), i.state().nameAsString(), i.placement().availabilityZone(),
                    i.privateIpAddress() == null ? "-" : i.privateIpAddress(), i.imageId(), consul, tags);
        }
    }

    private static String clock(LocalAws aws) {
        return LocalTime.ofInstant(aws.clock().now(), ZoneOffset.UTC).toString();
    }

    /** A duration as an operator reads it: {@code 45s}, {@code 11m30s}, {@code 1h05m}. */
    public static String human(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
