package io.consulfactory.consul;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Every user-data script is shellcheck-clean. In CI shellcheck must be there (.ci/run installs it). */
class ShellcheckTest {

    @Test
    void everyUserDataScriptIsShellcheckClean() throws Exception {
        if (!new File("/usr/bin/shellcheck").canExecute()) {
            if (System.getenv("CI") != null) {
                fail("shellcheck is missing: .ci/run installs it (Debian package shellcheck)");
            }
            Assumptions.abort("shellcheck is not installed here (apt-get install shellcheck)");
        }
        for (String name : new String[]{"bake.sh", "boot.sh"}) {
            Path script = Path.of("src/main/resources/userdata", name);
            Process p = new ProcessBuilder("shellcheck", "--shell=bash", "--severity=style", script.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            assertEquals(0, p.exitValue(), name + ":\n" + out);
            assertEquals(true, Files.readString(script).startsWith("#!/bin/bash\n"), name + " starts with its shebang");
        }
    }
}
