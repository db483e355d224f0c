package io.consulfactory.local.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the AWS CLI (botocore: a second, independent client) against a local AWS and parses its JSON, as
 * {@code AwsCliTest} does; `.ci/run` installs the CLI.
 */
public final class AwsCli {

    private AwsCli() {
    }

    /** {@code aws <args>} with JSON output; the call must succeed. */
    public static JsonNode json(LocalAws local, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", local.endpoint().toString(),
                "--region", LocalAws.DEFAULT_REGION, "--output", "json"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "AKIALOCALCLI00000001", "AWS_SECRET_ACCESS_KEY", "local-secret",
                "AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null", "AWS_EC2_METADATA_DISABLED", "true",
                "AWS_PAGER", ""));
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "aws " + String.join(" ", args) + " timed out");
        assertEquals(0, process.exitValue(), "aws " + String.join(" ", args) + " failed: " + err);
        return out.length == 0 ? new ObjectMapper().createObjectNode() : new ObjectMapper().readTree(out);
    }
}
