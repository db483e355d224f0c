package io.consulfactory.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.BakeOutcome;
import io.consulfactory.local.cloud.ec2.Network;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.aws.SnapStartPriming;
import io.consulfactory.local.statemachine.AslDefinition;
import io.consulfactory.schedule.RebakeTrigger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** template.yaml agrees with the code: handlers, substitutions, and each function's permissions. */
@ExtendWith(LocalAwsExtension.class)
class TemplateTest {

    private static JsonNode template;
    private static String definition;

    @BeforeAll
    static void read() throws Exception {
        Path file = LocalWorkflow.repoFile("template.yaml");
        // CloudFormation's short tags (!Ref, !Sub) carry no meaning for these checks: read them as plain values.
        template = new YAMLMapper().readTree(Files.readString(file).replaceAll("!(Ref|Sub|Join|GetAtt) ", ""));
        definition = Files.readString(LocalWorkflow.definitionFile());
    }

    private static Map<String, JsonNode> functions() {
        Map<String, JsonNode> functions = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = template.get("Resources").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> r = it.next();
            if (r.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
                functions.put(r.getKey().replaceFirst("Function$", ""), r.getValue().get("Properties"));
            }
        }
        return functions;
    }

    @Test
    void everyHandlerIsAClassOfTheFunctionPackage() throws Exception {
        for (Map.Entry<String, JsonNode> f : functions().entrySet()) {
            String handler = f.getValue().get("Handler").asText();
            Class<?> type = Class.forName(handler.substring(0, handler.indexOf("::")));
            assertTrue(RequestStreamHandler.class.isAssignableFrom(type)
                    || com.amazonaws.services.lambda.runtime.RequestHandler.class.isAssignableFrom(type), handler);
        }
        JsonNode globals = template.at("/Globals/Function");
        assertEquals("java21", globals.get("Runtime").asText());
        assertEquals("arm64", globals.get("Architectures").get(0).asText());
        assertEquals("PublishedVersions", globals.at("/SnapStart/ApplyOn").asText());
        assertEquals("functions", globals.get("CodeUri").asText());
    }

    /**
     * sam build runs {@code make build-<LogicalId>} in functions/ for each function (BuildMethod: makefile), and
     * each target ships the shrunk package, target/lambda/lib, as the function's lib/ (see functions/Makefile).
     */
    @Test
    void everyFunctionIsBuiltByTheMakefileFromTheShrunkPackage() throws Exception {
        String makefile = Files.readString(LocalWorkflow.repoFile("functions/Makefile"));
        Set<String> targets = new TreeSet<>();
        for (String line : makefile.replace("\\\n", " ").split("\n")) {
            int colon = line.indexOf(':');
            if (!line.startsWith("\t") && !line.startsWith("#") && colon > 0 && !line.startsWith("=", colon + 1)) {
                targets.addAll(java.util.Arrays.asList(line.substring(0, colon).trim().split("\\s+")));
            }
        }
        Set<String> functionTargets = new TreeSet<>();
        for (Map.Entry<String, JsonNode> r : template.get("Resources").properties()) {
            if (r.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
                assertEquals("makefile", r.getValue().at("/Metadata/BuildMethod").asText(), r.getKey() + " is built by functions/Makefile");
                functionTargets.add("build-" + r.getKey());
            }
        }
        targets.removeIf(t -> !t.startsWith("build-"));
        assertEquals(functionTargets, targets, "one Makefile target per function, and none for a function that is gone");
        assertTrue(makefile.contains("cp target/lambda/lib/*.jar \"$(ARTIFACTS_DIR)/lib/\""), "each function ships the shrunk package as lib/");
    }

    /** events/handlers/<Function>.json, captured from a local run (LocalRun --save-events), still fit each handler. */
    @Test
    void everyFunctionHasAnEventThatItsHandlerReads() throws Exception {
        Path dir = LocalWorkflow.repoFile("events/handlers");
        for (Map.Entry<String, JsonNode> f : functions().entrySet()) {
            Path event = dir.resolve(f.getKey() + "Function.json");
            assertTrue(Files.exists(event), "missing " + event);
            String handler = f.getValue().get("Handler").asText();
            Class<?> type = Class.forName(handler.substring(0, handler.indexOf("::")));
            var input = java.util.Arrays.stream(type.getDeclaredClasses()).filter(c -> c.getSimpleName().equals("Input")).findFirst();
            if (input.isPresent()) {
                assertTrue(io.consulfactory.lambda.Json.MAPPER.readValue(Files.readString(event), input.get()) != null, event.toString());
            } else {
                // The schedule's event: the Lambda runtime reads it into a ScheduledEvent (its time is a joda DateTime).
                assertEquals("Scheduled Event", new ObjectMapper().readTree(Files.readString(event)).get("detail-type").asText());
            }
        }
    }

    @Test
    void theDefinitionsPlaceholdersAreExactlyTheSubstitutions() throws Exception {
        assertEquals(new TreeSet<>(AslDefinition.placeholders(definition)), substitutions("ConsulClusterStateMachine"));
        assertEquals(new TreeSet<>(LocalWorkflow.functionNames()), invoked("ConsulClusterStateMachine"),
                "the state machine may invoke every step's function, and only those");

        Set<String> teardownPlaceholders = new TreeSet<>(AslDefinition.placeholders(
                Files.readString(LocalWorkflow.repoFile(LocalWorkflow.TEARDOWN_DEFINITION))));
        Set<String> teardownInvoked = new TreeSet<>(LocalWorkflow.teardownFunctionNames());
        assertEquals(teardownPlaceholders, substitutions("ConsulClusterTeardown"));
        assertEquals(teardownInvoked, invoked("ConsulClusterTeardown"), "the teardown may invoke its functions, and only those");

        Set<String> steps = new TreeSet<>(functions().keySet());
        steps.remove("RebakeTrigger"); // run by the schedule, not by a state machine
        Set<String> invokedByEither = new TreeSet<>(invoked("ConsulClusterStateMachine"));
        invokedByEither.addAll(invoked("ConsulClusterTeardown"));
        assertEquals(steps, invokedByEither, "every function but the schedule's is a step of one state machine");
        assertEquals("ScheduleV2", template.at("/Resources/RebakeTriggerFunction/Properties/Events/Rebake/Type").asText());
        assertTrue(template.at("/Outputs/TeardownCommand/Value").asText().endsWith(
                "--input '{\"clusterName\":\"${ClusterName}\",\"confirm\":\"${ClusterName}\"}'"),
                template.at("/Outputs/TeardownCommand/Value").asText());
    }

    private static Set<String> substitutions(String stateMachine) {
        Set<String> substitutions = new TreeSet<>();
        template.at("/Resources/" + stateMachine + "/Properties/DefinitionSubstitutions").fieldNames().forEachRemaining(substitutions::add);
        return substitutions;
    }

    private static Set<String> invoked(String stateMachine) {
        Set<String> invoked = new TreeSet<>();
        template.at("/Resources/" + stateMachine + "/Properties/Policies").forEach(p -> {
            if (p.has("LambdaInvokePolicy")) {
                invoked.add(p.at("/LambdaInvokePolicy/FunctionName").asText().replaceFirst("Function$", ""));
            }
        });
        return invoked;
    }

    /**
     * Actions a policy grants that the runs below do not show a function calling, each with its reason.
     * Anything else granted but not called is a permission too many; anything called but not granted fails.
     */
    static final Map<String, Set<String>> GRANTED_BUT_NOT_CALLED = Map.ofEntries(
            // repair paths, exercised by EnsureSupportingResourcesTest: drifted trust policy, tags, profile, rules,
            // the client policy's tags and a new version of it (at 5 versions, the oldest deleted first)
            Map.entry("EnsureSupportingResources", Set.of("iam:UpdateAssumeRolePolicy", "iam:TagRole", "iam:TagInstanceProfile",
                    "iam:RemoveRoleFromInstanceProfile", "ec2:RevokeSecurityGroupIngress", "ec2:CreateTags",
                    "iam:TagPolicy", "iam:ListPolicyVersions", "iam:CreatePolicyVersion", "iam:DeletePolicyVersion")),
            // checked by EC2 for tags on create, and for passing the node role to the instance
            Map.entry("LaunchBuilder", Set.of("ec2:CreateTags", "iam:PassRole")),
            Map.entry("CreateImage", Set.of("ec2:CreateTags")),
            Map.entry("PublishLaunchTemplate", Set.of("ec2:CreateTags")),
            // checked by Auto Scaling for the launch template it launches from, tags on create, its service role;
            // UpdateAutoScalingGroup: only when the server count or subnets change
            // CreateOrUpdateTags, PutLifecycleHook: only on a group made before the count tag and the join gate;
            // ResumeProcesses: after a server failed to join; UpdateAutoScalingGroup: only when the subnets change;
            // DeleteTags: the old join tag leaving the group when the join tag moves (SecureUpgradeTest)
            Map.entry("DeployAutoScalingGroup", Set.of("ec2:RunInstances", "ec2:CreateTags", "ec2:DescribeLaunchTemplateVersions",
                    "iam:PassRole", "iam:CreateServiceLinkedRole", "autoscaling:CreateOrUpdateTags", "autoscaling:DeleteTags",
                    "autoscaling:UpdateAutoScalingGroup", "autoscaling:PutLifecycleHook", "autoscaling:ResumeProcesses")),
            // CreateSecret's tags; a teardown's secrets restored; the server certificate renewed (EnsureClusterSecretsTest)
            Map.entry("EnsureClusterSecrets", Set.of("secretsmanager:TagResource", "secretsmanager:RestoreSecret",
                    "secretsmanager:PutSecretValue")),
            // the gate turning a server away, a launch EC2 refuses, and resizing (all in ConsulGateTest)
            Map.entry("CheckCluster", Set.of("autoscaling:RollbackInstanceRefresh", "autoscaling:SuspendProcesses",
                    "autoscaling:UpdateAutoScalingGroup", "autoscaling:CreateOrUpdateTags", "ec2:CreateTags",
                    "autoscaling:DescribeScalingActivities")),
            // only when there are more images than keepImages (DeleteSnapshot is checked for DeleteAssociatedSnapshots)
            Map.entry("CleanUp", Set.of("ec2:DeregisterImage", "ec2:DeleteSnapshot")),
            // the stack's cluster uses the default base image parameter and the run above rebakes it for the version
            Map.entry("RebakeTrigger", Set.of()),
            // snapshots on request: the teardown workflow's final one (its tests), not these runs (SnapshotRequestTest)
            Map.entry("RequestSnapshot", Set.of("autoscaling:DescribeAutoScalingGroups", "ec2:CreateTags")),
            Map.entry("CheckSnapshot", Set.of("autoscaling:DescribeAutoScalingGroups", "ec2:GetConsoleOutput")),
            // only for a new cluster with restoreFrom (RestoreTest); CopyObject only from another cluster's prefix
            Map.entry("RestoreSnapshot", Set.of("autoscaling:DescribeAutoScalingGroups", "ec2:CreateTags", "s3:GetObject", "s3:PutObject")),
            Map.entry("CheckRestore", Set.of("autoscaling:DescribeAutoScalingGroups", "ec2:GetConsoleOutput")));

    /** The same for the teardown's functions. */
    static final Map<String, Set<String>> TEARDOWN_GRANTED_BUT_NOT_CALLED = Map.of(
            // a snapshot left behind its image, a builder left by a bake (TeardownTest), a client policy with versions
            "RemoveImages", Set.of("ec2:DeleteSnapshot", "ec2:TerminateInstances"),
            "RemoveIdentity", Set.of("iam:DeletePolicyVersion"));

    @Test
    void everyFunctionMayCallExactlyWhatItCalls(LocalAws aws) throws Exception {
        Network network = aws.ec2().seedDefaultNetwork();
        LocalWorkflow workflow = new LocalWorkflow(aws, LocalWorkflow.definitionFile(),
                LocalWorkflow.stackDefaults(network.vpcId(), network.subnetIds()));
        ObjectMapper json = new ObjectMapper();
        assertEquals("SUCCEEDED", workflow.run("deploy", json.readTree("{}"), (s, t, l, r, o) -> { }).status());
        assertEquals("SUCCEEDED", workflow.run("rebake", json.readTree("{\"consulVersion\":\"1.21.0\"}"), (s, t, l, r, o) -> { }).status());
        int before = aws.calls().size();
        RebakeTrigger trigger = new RebakeTrigger(AwsClients.ssm(), AwsClients.ec2(), AwsClients.autoScaling(), AwsClients.sfn(),
                new RebakeTrigger.Settings(LocalWorkflow.STATE_MACHINE_ARN, "consul-dc1", "1.22.0"));
        assertEquals("STARTED", trigger.run(aws.clock().now()).get(0).action());
        workflow.actionsSeen().put("RebakeTrigger", aws.calls().since(before).stream().map(c -> c.iamAction())
                .collect(java.util.stream.Collectors.toCollection(TreeSet::new)));
        aws.ec2().bakeOutcome(BakeOutcome.fail("checksum mismatch"));
        assertEquals("FAILED", workflow.run("failing", json.readTree("{\"clusterName\":\"other\"}"), (s, t, l, r, o) -> { }).status());
        // Both clusters torn down: the deployed one, and the one whose bake failed (no group, no launch template)
        LocalWorkflow teardown = LocalWorkflow.teardown(aws);
        for (String cluster : List.of("consul-dc1", "other")) {
            var result = teardown.run("teardown-" + cluster, json.readTree("{\"clusterName\":\"" + cluster + "\",\"confirm\":\""
                    + cluster + "\",\"skipFinalSnapshot\":true}"), (s, t, l, r, o) -> { });
            assertEquals("SUCCEEDED", result.status(), cluster + ": " + result.error() + ": " + result.cause());
        }
        teardown.actionsSeen().forEach((function, actions) -> workflow.actionsSeen().put(function, actions));

        for (Map.Entry<String, JsonNode> f : functions().entrySet()) {
            Set<String> granted = granted(f.getValue());
            Set<String> called = workflow.actionsSeen().getOrDefault(f.getKey(), Set.of());
            Set<String> missing = new TreeSet<>(called);
            missing.removeAll(granted);
            assertEquals(Set.of(), missing, f.getKey() + " calls actions its policy does not grant");
            Set<String> unused = new TreeSet<>(granted);
            unused.removeAll(called);
            assertEquals(new TreeSet<>(GRANTED_BUT_NOT_CALLED.getOrDefault(f.getKey(),
                    TEARDOWN_GRANTED_BUT_NOT_CALLED.getOrDefault(f.getKey(), Set.of()))), unused,
                    f.getKey() + " is granted actions it was not seen calling");
        }
    }

    /** The actions a function's policies grant. */
    private static Set<String> granted(JsonNode function) {
        Set<String> granted = new TreeSet<>();
        function.path("Policies").forEach(policy -> policy.path("Statement").forEach(statement -> {
            JsonNode action = statement.get("Action");
            if (action.isArray()) {
                action.forEach(a -> granted.add(a.asText()));
            } else {
                granted.add(action.asText());
            }
        }));
        return granted;
    }

    /**
     * What each function reads before its SnapStart snapshot: every read gets an answer from AWS, is an action
     * its policy grants (else publishing a version would log access denials), and changes nothing.
     */
    @Test
    void snapStartPrimingReadsOnlyWhatEachPolicyGrantsAndChangesNothing(LocalAws aws) throws Exception {
        aws.ec2().seedDefaultNetwork();
        for (Map.Entry<String, JsonNode> f : functions().entrySet()) {
            String handlerClass = f.getValue().get("Handler").asText().split("::")[0];
            int before = aws.calls().size();
            Object handler = Class.forName(handlerClass).getConstructor().newInstance();
            assertEquals(before, aws.calls().size(), f.getKey() + " calls AWS while it is constructed");

            SnapStartPriming priming = ((SnapStartPriming.Primed) handler).priming();
            assertEquals(f.getKey() + "Handler", priming.function());
            assertEquals(priming.reads(), priming.prime(), f.getKey() + ": a priming read got no answer");

            var calls = aws.calls().since(before);
            Set<String> called = calls.stream().map(c -> c.iamAction()).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
            if (!f.getKey().equals("ValidateInput")) {
                assertTrue(!called.isEmpty(), f.getKey() + " primes no SDK client");
            }
            Set<String> notGranted = new TreeSet<>(called);
            notGranted.removeAll(granted(f.getValue()));
            assertEquals(Set.of(), notGranted, f.getKey() + " primes with actions its policy does not grant");
            calls.stream().filter(c -> c.mutates()).forEach(c -> assertEquals("DryRunOperation", c.errorCode(),
                    f.getKey() + " priming " + c.iamAction() + " must be a dry run"));
        }
        assertEquals(List.of(), aws.calls().mutating().stream().filter(c -> c.succeeded()).toList());
    }
}
