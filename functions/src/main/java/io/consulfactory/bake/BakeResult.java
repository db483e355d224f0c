package io.consulfactory.bake;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one result line the bake script prints to the console:
 * {@code CONSUL_BAKE_RESULT=OK version=<v>} or {@code CONSUL_BAKE_RESULT=FAILED reason=<why>}.
 */
public record BakeResult(boolean ok, String detail) {

    // The line may carry a prefix (kernel timestamp, cloud-init's tag) when it reaches the console.
    private static final Pattern LINE = Pattern.compile("CONSUL_BAKE_RESULT=(OK|FAILED) (version|reason)=([^\\r\\n]*)");

    /** The last result line in the console output, if the script printed one yet. */
    public static Optional<BakeResult> in(String consoleOutput) {
        Matcher m = LINE.matcher(consoleOutput == null ? "" : consoleOutput);
        BakeResult last = null;
        while (m.find()) {
            last = new BakeResult(m.group(1).equals("OK"), m.group(3).strip());
        }
        return Optional.ofNullable(last);
    }
}
