package io.consulfactory.local;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * template.yaml passes cfn-lint (AWS's CloudFormation linter, which knows SAM's transform, every resource's
 * properties and the services' limits) with nothing to say: no error, no warning, no informational line.
 */
class CfnLintTest {

    /** cfn-lint on the PATH, or where {@code pip install --user} puts it. */
    static Path cfnLint() {
        List<Path> candidates = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "cfn-lint"));
            }
        }
        candidates.add(Path.of(System.getProperty("user.home"), ".local", "bin", "cfn-lint"));
        return candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
    }

    @Test
    void theTemplatePassesCfnLintWithNothingToSay() throws Exception {
        Path cfnLint = cfnLint();
        if (cfnLint == null) {
            fail("cfn-lint is missing: the template is linted by this test. Install it with"
                    + " `python3 -m pip install --user cfn-lint` (.ci/run does), or `pipx install cfn-lint`");
        }
        Path template = LocalWorkflow.repoFile("template.yaml").toAbsolutePath();
        Process p = new ProcessBuilder(cfnLint.toString(), "--", template.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "cfn-lint did not finish in 2 minutes");
        assertEquals("", out.strip(), "cfn-lint " + template + " has something to say (exit " + p.exitValue() + "):\n" + out);
        assertEquals(0, p.exitValue(), "cfn-lint exited " + p.exitValue() + " on " + template);
    }
}
