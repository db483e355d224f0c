package io.consulfactory.consul;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a user-data script for real under bash, in a temporary root, with stub commands first on PATH.
 * Every stub appends its name and arguments to {@code calls.log}, so tests assert on what the script did.
 */
final class ScriptSandbox {

    record Result(int exit, String stdout, String stderr) {
    }

    final Path dir;
    final Path root;
    final Path bin;
    final Path console;
    final Map<String, String> env = new LinkedHashMap<>();

    ScriptSandbox(Path dir) throws IOException {
        this.dir = dir;
        this.root = Files.createDirectories(dir.resolve("root"));
        this.bin = Files.createDirectories(dir.resolve("bin"));
        this.console = dir.resolve("console");
        Files.writeString(console, "");
    }

    /** A stub command: logs its arguments, then runs {@code body} (bash). */
    ScriptSandbox stub(String name, String body) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/bash\necho \"" + name + " $*\" >> '" + dir.resolve("calls.log") + "'\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return this;
    }

    List<String> calls() throws IOException {
        Path log = dir.resolve("calls.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    List<String> calls(String command) throws IOException {
        return calls().stream().filter(c -> c.equals(command) || c.startsWith(command + " ")).toList();
    }

    String consoleText() throws IOException {
        return Files.readString(console);
    }

    Result run(String script) throws IOException, InterruptedException {
        Path file = dir.resolve("script.sh");
        Files.writeString(file, script);
        return runFile(file);
    }

    /** Runs a script file under bash with arguments, as systemd or cloud-init would run it. */
    Result runFile(Path file, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", file.toString()));
        command.addAll(List.of(args));
        return exec(command);
    }

    /** Runs {@code command} with the stubs first on PATH and the sandbox's environment. */
    Result exec(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().put("TMPDIR", Files.createDirectories(dir.resolve("tmp")).toString());
        builder.environment().putAll(env);
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process = builder.start();
        // Read both streams fully; the scripts print little, so sequential reads cannot block each other.
        List<byte[]> out = new ArrayList<>();
        Thread err = new Thread(() -> {
            try {
                out.add(process.getErrorStream().readAllBytes());
            } catch (IOException e) {
                out.add(new byte[0]);
            }
        });
        err.start();
        byte[] stdout = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the script did not finish in 60 s");
        }
        err.join();
        return new Result(process.exitValue(), new String(stdout, StandardCharsets.UTF_8),
                new String(out.get(0), StandardCharsets.UTF_8));
    }
}
