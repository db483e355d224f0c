package io.consulfactory.local.cloud;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every emulated service is laid out the same way, so that a reader finds, for any service, its state, its wire
 * code and its errors in three obvious places (the way moto splits {@code moto/ec2/models} from
 * {@code moto/ec2/responses}, and S3Mock its controller, service and store):
 * <ul>
 *   <li>one package per service, {@code io.consulfactory.local.cloud.<service>}, whose {@code package-info.java}
 *       names its {@code State:}, {@code Wire:} and {@code Errors:} classes;</li>
 *   <li>one {@code *Service.java}, the doorway ({@link LocalService}): it names the service and hands each request
 *       to its wire;</li>
 *   <li>the wire, in files named {@code *Wire.java}: the only code that reads a request's parameters
 *       ({@link QueryParams}, {@code AwsRequest.json()}, REST requests) or renders a response ({@link Xml});</li>
 *   <li>one catalogue of the service's errors, {@code <Service>Errors.java}: the only code that makes an
 *       {@link AwsError}, each with AWS's code, status and message, citing the AWS page it follows;</li>
 *   <li>everything else is state and its lifecycle on the clock: no request, no XML, no error codes of its own.</li>
 * </ul>
 * The HTTP server, the protocols, the clock, the call log and the faults stay shared in this package.
 */
class ServiceLayoutTest {

    private static final Path CLOUD = Path.of("src/main/java/io/consulfactory/local/cloud");
    private static final List<String> SERVICES = List.of("autoscaling", "ec2", "iam", "s3", "secretsmanager", "sfn", "ssm", "sts");
    private static final Pattern MAKES_ERROR = Pattern.compile("new\\s+AwsError\\s*\\(|AwsError\\s*\\.\\s*client\\s*\\(");
    private static final Pattern RENDERS_OR_READS = Pattern.compile(
            "import\\s+(static\\s+)?io\\.consulfactory\\.local\\.cloud\\.(Xml|QueryParams)\\b|\\bQueryParams\\b|\\bXml\\.");
    private static final Pattern TOUCHES_REQUEST = Pattern.compile(
            "import\\s+io\\.consulfactory\\.local\\.cloud\\.(AwsRequest|RestService)\\b|\\bRestService\\.(Request|Response)\\b");

    @Test
    void everyServicePackageIsCheckedHere() throws IOException {
        try (Stream<Path> dirs = Files.list(CLOUD)) {
            List<String> found = dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList();
            assertEquals(SERVICES, found, "a new service package must be added to SERVICES (and follow the layout)");
        }
    }

    @TestFactory
    Stream<DynamicTest> eachServiceKeepsStateWireAndErrorsApart() {
        return SERVICES.stream().map(service -> DynamicTest.dynamicTest(service, () -> check(service)));
    }

    private static void check(String service) throws IOException {
        Path dir = CLOUD.resolve(service);
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
        List<String> problems = new ArrayList<>();
        List<String> doorways = names(files, "Service.java");
        List<String> catalogues = names(files, "Errors.java");
        if (doorways.size() != 1) {
            problems.add("one *Service.java doorway wanted, found " + doorways);
        }
        if (catalogues.size() != 1) {
            problems.add("one *Errors.java catalogue wanted, found " + catalogues);
        }
        if (names(files, "Wire.java").isEmpty()) {
            problems.add("no *Wire.java: the wire (reading requests, rendering responses) has no home");
        }
        Path info = dir.resolve("package-info.java");
        if (!Files.exists(info)) {
            problems.add("no package-info.java naming the State:, Wire: and Errors: classes");
        } else {
            String text = read(info);
            for (String part : List.of("State:", "Wire:", "Errors:")) {
                if (!text.contains(part)) {
                    problems.add("package-info.java does not name its " + part + " classes");
                }
            }
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.equals("package-info.java")) {
                continue;
            }
            String code = withoutComments(read(file));
            boolean wire = name.endsWith("Wire.java");
            boolean doorway = name.endsWith("Service.java");
            boolean errors = name.endsWith("Errors.java");
            if (!errors && MAKES_ERROR.matcher(code).find()) {
                problems.add(name + " makes an AwsError: errors belong in the catalogue " + catalogues);
            }
            if (errors && !read(file).contains("docs.aws.amazon.com")) {
                problems.add(name + " cites no AWS page (docs.aws.amazon.com) for its errors");
            }
            if (!wire && RENDERS_OR_READS.matcher(code).find()) {
                problems.add(name + " reads query parameters or renders XML: that is the wire's (*Wire.java)");
            }
            if (!wire && !doorway && TOUCHES_REQUEST.matcher(code).find()) {
                problems.add(name + " handles requests: only the doorway (*Service.java) and the wire (*Wire.java) do");
            }
            if (!wire && code.contains(".json()")) {
                problems.add(name + " reads the request's JSON: that is the wire's (*Wire.java)");
            }
        }
        assertTrue(problems.isEmpty(), service + ":\n  " + String.join("\n  ", problems));
    }

    @Test
    void theCheckFindsWhatItLooksFor() {
        // The patterns are what keep the layout: show that they see each thing they forbid, and not comments.
        assertTrue(MAKES_ERROR.matcher("throw AwsError.client(\"X\", \"y\");").find());
        assertTrue(MAKES_ERROR.matcher("throw new AwsError(412, \"DryRunOperation\", \"m\");").find());
        assertTrue(RENDERS_OR_READS.matcher("import static io.consulfactory.local.cloud.Xml.el;").find());
        assertTrue(RENDERS_OR_READS.matcher("Object describe(QueryParams p) {").find());
        assertTrue(TOUCHES_REQUEST.matcher("import io.consulfactory.local.cloud.AwsRequest;").find());
        assertFalse(MAKES_ERROR.matcher(withoutComments("/** Throws {@link AwsError#client} */ // AwsError.client(\n")).find());
        assertFalse(RENDERS_OR_READS.matcher(withoutComments("/* Xml.el( */ int x;")).find());
    }

    private static List<String> names(List<Path> files, String suffix) {
        return files.stream().map(f -> f.getFileName().toString()).filter(n -> n.endsWith(suffix)).toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    /** The code without its comments (string literals kept: good enough for these patterns). */
    static String withoutComments(String source) {
        Matcher m = COMMENT.matcher(source);
        return m.replaceAll(" ");
    }
}
