package io.consulfactory.local;

import io.consulfactory.aws.AwsClients;
import io.consulfactory.local.cloud.AwsCli;
import io.consulfactory.local.cloud.LocalAws;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local run always ends with a status and says why: a bad command line or input before anything starts, an
 * error of the run itself after the local AWS started (its server thread must not keep the JVM up); and it runs
 * against a local AWS of another process ({@code --endpoint}) as the README's CLI session expects.
 */
@ExtendWith(LocalAwsExtension.class)
class LocalRunTest {

    /** What one in-JVM run printed and returned. */
    private record Outcome(int status, String out, String err) {
    }

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = LocalRun.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Path file(Path dir, String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void aBadInputIsAMessageAndStatusOneBeforeAnythingStarts(@TempDir Path dir) throws IOException {
        String minimal = Files.readString(LocalWorkflow.repoFile("events/minimal.json"));
        List<String[]> cases = List.of(
                new String[]{"events/minimall.json", "no execution input at events/minimall.json"},
                new String[]{file(dir, "comma.json", "{\"serverCount\": 3,}").toString(), "InvalidExecutionInput"},
                new String[]{file(dir, "bom.json", "\uFEFF" + minimal).toString(), "byte order mark"},
                new String[]{file(dir, "deep.json", "[".repeat(5000) + "]".repeat(5000)).toString(), "InvalidExecutionInput"},
                new String[]{file(dir, "two.json", "{} {}").toString(), "InvalidExecutionInput"},
                new String[]{file(dir, "big.json", "{\"clusterName\":\"" + "x".repeat(300_000) + "\"}").toString(), "262144"},
                new String[]{dir.toString(), "cannot read the execution input"});
        for (String[] c : cases) {
            Outcome outcome = run("--input", c[0]);
            assertEquals(1, outcome.status(), c[0]);
            assertTrue(outcome.err().contains(c[1]), c[0] + ": " + outcome.err());
            assertEquals("", outcome.out(), "nothing ran for " + c[0]);
        }
    }

    @Test
    void aCommandLineItDoesNotUnderstandIsTheUsageAndStatusTwo() {
        for (String[] args : List.of(new String[]{"--inptu", "x"}, new String[]{"--input"}, new String[]{"--resize", "five"},
                new String[]{"--endpoint", "127.0.0.1:4566"}, new String[]{"--endpoint", "http://127.0.0.1:4566", "--never-joins"})) {
            Outcome outcome = run(args);
            assertEquals(2, outcome.status(), String.join(" ", args));
            assertTrue(outcome.err().contains("usage: LocalRun"), outcome.err());
        }
    }

    /** The real main in a JVM of its own: it must exit, with its message, however the run fails. */
    private static Outcome childJvm(Path workingDir, String... args) throws Exception {
        return childMain(workingDir, LocalRun.class.getName(), args);
    }

    private static Outcome childMain(Path workingDir, String mainClass, String... args) throws Exception {
        List<String> classpath = new ArrayList<>(List.of(Path.of("target/classes").toAbsolutePath().toString(),
                Path.of("target/test-classes").toAbsolutePath().toString()));
        classpath.addAll(List.of(Files.readString(Path.of("target/bench/function-classpath.txt")).strip().split(java.io.File.pathSeparator)));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(java.io.File.pathSeparator, classpath), mainClass));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("localrun", ".out");
        Path err = Files.createTempFile("localrun", ".err");
        Process process = new ProcessBuilder(command).directory(workingDir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        boolean exited = process.waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertTrue(exited, mainClass + " " + String.join(" ", args) + " hung; it printed: " + Files.readString(err));
        return new Outcome(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void theMainExitsWithItsMessageOnABadInputPath() throws Exception {
        Outcome outcome = childJvm(Path.of("").toAbsolutePath(), "--input", "events/deploy.jsn");

        assertEquals(1, outcome.status());
        assertTrue(outcome.err().contains("no execution input at events/deploy.jsn"), outcome.err());
        assertTrue(!outcome.err().contains("SLF4J"), "no SLF4J warning: " + outcome.err());
    }

    @Test
    void theMainExitsWithItsMessageWhenTheRunFailsAfterTheLocalAwsStarted(@TempDir Path elsewhere) throws Exception {
        // From a directory with no statemachine/: the input is found (absolute), the definition is not.
        Outcome outcome = childJvm(elsewhere, "--input", LocalWorkflow.repoFile("events/minimal.json").toAbsolutePath().toString());

        assertEquals(1, outcome.status());
        assertTrue(outcome.out().contains("Consul Cluster Factory, local run"), outcome.out());
        assertTrue(outcome.err().contains("LocalRun: the run failed: java.lang.IllegalStateException: cannot find statemachine/"),
                outcome.err());
    }

    /** A main that starts a local AWS and throws, as any bench main or tool could. */
    static final class StartsAndThrows {
        public static void main(String[] args) {
            LocalAws.start();
            throw new IllegalStateException("thrown with the local AWS listening");
        }
    }

    @Test
    void aLocalAwsNeverKeepsAJvmUpWhoseMainThrew() throws Exception {
        Outcome outcome = childMain(Path.of("").toAbsolutePath(), StartsAndThrows.class.getName());

        assertEquals(1, outcome.status());
        assertTrue(outcome.err().contains("thrown with the local AWS listening"), outcome.err());
    }

    @Test
    void runsAgainstALocalAwsOfItsOwnEndpointAndLeavesEverythingThereForTheCli(LocalAws aws) throws Exception {
        aws.ec2().seedNetwork(LocalRun.VPC_ID, LocalRun.SUBNET_IDS); // what LocalAwsMain makes
        Instant before = aws.clock().now();

        Outcome outcome = run("--input", "events/minimal.json", "--endpoint", aws.endpoint().toString());

        assertEquals(0, outcome.status(), outcome.out() + outcome.err());
        assertTrue(outcome.out().contains("Execution deploy-" + before.getEpochSecond()), outcome.out());
        assertTrue(outcome.out().contains("SUCCEEDED after"), outcome.out());
        assertTrue(Duration.between(before, aws.clock().now()).toMinutes() >= 5, "the run moved that AWS's clock");
        assertEquals("consul-consul-dc1-node", AwsClients.iam().getRole(r -> r.roleName("consul-consul-dc1-node")).role().roleName());
        assertEquals("consul-consul-dc1-node", AwsCli.json(aws, "iam", "get-role", "--role-name", "consul-consul-dc1-node")
                .at("/Role/RoleName").asText(), "the README's CLI session");
        assertEquals(3, aws.consul().cluster("consul-dc1").voters().size());
    }

    @Test
    void printsOneLinePerStateAndOnePerWaitLoopAndWritesTheDiagramAndTheLogLines(LocalAws aws, @TempDir Path dir) throws Exception {
        aws.ec2().seedNetwork(LocalRun.VPC_ID, LocalRun.SUBNET_IDS);
        Path diagram = dir.resolve("run.md");
        Path logs = dir.resolve("logs.jsonl");

        Outcome outcome = run("--input", "events/minimal.json", "--endpoint", aws.endpoint().toString(),
                "--diagram", diagram.toString(), "--logs", logs.toString());

        assertEquals(0, outcome.status(), outcome.out() + outcome.err());
        List<String> lines = outcome.out().lines().toList();
        assertEquals(1, lines.stream().filter(l -> l.contains(" CheckCluster loop ")).count(), outcome.out());
        String clusterLoop = lines.stream().filter(l -> l.contains(" CheckCluster loop ")).findFirst().orElseThrow();
        assertTrue(clusterLoop.matches(".* CheckCluster loop +\\d+ checks, waited \\d+m\\d\\ds: status=READY, .*"), clusterLoop);
        assertEquals(1, lines.stream().filter(l -> l.contains(" CheckConsulInstall loop ")).count(), outcome.out());
        assertTrue(lines.stream().noneMatch(l -> l.contains("WaitForCluster") || l.contains("InstallDone")),
                "a wait loop's states are its one line: " + outcome.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches(" +\\d\\d:\\d\\d:\\d\\d WaitForBuilderBoot +waited 1m30s")), outcome.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches(".* LaunchBuilder +ran \\d+ ms  instanceId=i-.*")), outcome.out());

        String picture = Files.readString(diagram);
        assertTrue(picture.contains("## Execution deploy-") && picture.contains("```mermaid\nflowchart TD\n"), picture);
        assertTrue(picture.matches("(?s).*WaitForCluster\\{\\{\"WaitForCluster<br/>\\d+m\\d\\ds \\(\\d+×\\)\"}}.*"), picture);

        java.util.regex.Matcher invocations = java.util.regex.Pattern.compile("(\\d+) Lambda invocations").matcher(outcome.out());
        assertTrue(invocations.find(), outcome.out());
        List<String> logLines = Files.readAllLines(logs);
        assertEquals(Integer.parseInt(invocations.group(1)), logLines.size(), "one log line per invocation");
        assertTrue(logLines.stream().allMatch(l -> l.startsWith("{\"timestamp\":")), logLines.get(0));
        assertTrue(!outcome.out().contains("\"awsCalls\""), "the log lines are not on the run's own output");
    }

    @Test
    void verboseShowsEveryTransition(LocalAws aws) {
        aws.ec2().seedNetwork(LocalRun.VPC_ID, LocalRun.SUBNET_IDS);

        Outcome outcome = run("--input", "events/minimal.json", "--endpoint", aws.endpoint().toString(), "--verbose");

        assertEquals(0, outcome.status(), outcome.out() + outcome.err());
        java.util.regex.Matcher transitions = java.util.regex.Pattern.compile("(\\d+) state transitions").matcher(outcome.out());
        assertTrue(transitions.find(), outcome.out());
        long stateLines = outcome.out().lines().filter(l -> l.matches(" +\\d\\d:\\d\\d:\\d\\d .* (Task|Pass|Wait|Choice|Succeed|Fail) .*")).count();
        assertEquals(Integer.parseInt(transitions.group(1)), stateLines, outcome.out());
        assertTrue(outcome.out().contains("-> WaitForCluster"), outcome.out());
    }

    /** ./local-run, the README's first command: bash, shellcheck-clean, and what it runs is LocalRun. */
    @Test
    void theLocalRunScriptIsShellcheckClean() throws Exception {
        Path script = LocalWorkflow.repoFile("local-run");
        assertTrue(Files.isExecutable(script), script + " is executable");
        assertTrue(Files.readString(script).startsWith("#!/usr/bin/env bash\n"));
        assertTrue(Files.readString(script).contains("io.consulfactory.local.LocalRun"));
        if (!new java.io.File("/usr/bin/shellcheck").canExecute()) {
            if (System.getenv("CI") != null) {
                org.junit.jupiter.api.Assertions.fail("shellcheck is missing: .ci/run installs it (Debian package shellcheck)");
            }
            org.junit.jupiter.api.Assumptions.abort("shellcheck is not installed here (apt-get install shellcheck)");
        }
        Process p = new ProcessBuilder("shellcheck", "--severity=style", script.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(Files.readString(LocalWorkflow.repoFile("README.md")).split("```sh\n", 2)[1].startsWith("./local-run"),
                "the README's first command is ./local-run");
    }

    @Test
    void refusesAnEndpointWithoutTheExampleNetwork(LocalAws aws) {
        Outcome outcome = run("--endpoint", aws.endpoint().toString());

        assertEquals(1, outcome.status());
        assertTrue(outcome.err().contains("has not the example network"), outcome.err());
    }
}
