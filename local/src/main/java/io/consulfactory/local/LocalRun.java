package io.consulfactory.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.BakeOutcome;
import io.consulfactory.local.cloud.ec2.Network;
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
import java.util.stream.Collectors;

/**
 * The whole workflow on this machine: starts the local AWS, runs {@code statemachine/consul-cluster.asl.json}
 * with the real handlers, prints each state as it runs and a summary of what exists afterwards. AWS's
 * waiting (instance boot, install, image) happens on the local clock at realistic speed, so a run takes
 * seconds.
 *
 * <pre>mvn -B -q -pl local exec:java [-Dexec.args="--input events/deploy.json --rebake"]</pre>
 */
public final class LocalRun {

    /** The network the stack's parameters name in the example inputs ({@code events/minimal.json}). */
    public static final String VPC_ID = "vpc-0a1b2c3d4e5f60718";
    public static final List<String> SUBNET_IDS = List.of("subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002", "subnet-0a1b2c3d4e5f60003");

    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalRun() {
    }

    public static void main(String[] args) throws IOException {
        String input = "events/deploy.json";
        boolean rebake = false;
        String failInstall = null;
        Path saveEvents = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--input" -> input = args[++i];
                case "--rebake" -> rebake = true;
                case "--fail-install" -> failInstall = args[++i];
                case "--save-events" -> saveEvents = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: LocalRun [--input events/<file>.json] [--rebake] [--fail-install REASON]"
                            + " [--save-events DIR]");
                    System.exit(2);
                }
            }
        }
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

        boolean ok = execute(aws, workflow, "deploy", LocalWorkflow.repoFile(input));
        if (ok && rebake) {
            ok = execute(aws, workflow, "rebake", LocalWorkflow.repoFile("events/rebake.json"));
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

    private static boolean execute(LocalAws aws, LocalWorkflow workflow, String name, Path inputFile) throws IOException {
        JsonNode input = JSON.readTree(Files.readString(inputFile));
        System.out.println();
        System.out.println("Execution " + name + " with " + inputFile + ": " + input);
        System.out.printf("  %-8s %-9s %-26s %-7s %8s  %s%n", "AWS time", "waited", "state", "type", "ran", "outcome");
        LocalStateMachine.Result result = workflow.run(name, input, (state, type, local, real, outcome) ->
                System.out.printf("  %-8s %-9s %-26s %-7s %6d ms  %s%n", clock(aws), local.isZero() ? "" : "+" + human(local),
                        state, type, real.toMillis(), outcome));
        System.out.printf("%s after %s of AWS time: %d state transitions, %d Lambda invocations%n", result.status(),
                human(result.localDuration()), result.transitions(), result.invocations());
        if (!result.status().equals("SUCCEEDED")) {
            System.out.println("  error: " + result.error());
            System.out.println("  cause: " + result.cause());
        }
        return result.status().equals("SUCCEEDED");
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
        List<Instance> instances = ec2.describeInstances().reservations().stream().flatMap(r -> r.instances().stream())
                .sorted(Comparator.comparing(Instance::launchTime)).toList();
        System.out.println("  instances");
        for (Instance i : instances) {
            String tags = i.tags().stream().filter(t -> !t.key().equals("Name")).sorted(Comparator.comparing(Tag::key))
                    .map(t -> t.key() + "=" + t.value()).collect(Collectors.joining(" "));
            System.out.printf("    %s %-13s %-10s %-12s %s  %s%n", i.instanceId(), i.state().nameAsString(), i.placement().availabilityZone(),
                    i.privateIpAddress() == null ? "-" : i.privateIpAddress(), i.imageId(), tags);
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
