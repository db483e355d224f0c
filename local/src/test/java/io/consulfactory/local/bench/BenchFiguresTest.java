package io.consulfactory.local.bench;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.consulfactory.local.LocalWorkflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmarks' own logic, without spawning or timing anything. */
class BenchFiguresTest {

    @Test
    void theMedianIsTheMiddleAndP99IsTheNearestRank() {
        assertEquals(3, Samples.of(5, 1, 3).median());
        assertEquals(2.5, Samples.of(4, 1, 3, 2).median());
        double[] twoHundred = IntStream.rangeClosed(1, 200).asDoubleStream().toArray();
        assertEquals(198, Samples.of(twoHundred).p99(), "the 198th of 200");
        assertEquals(50, Samples.of(IntStream.rangeClosed(1, 50).asDoubleStream().toArray()).p99(), "of 50: the largest");
        assertEquals(7, Samples.of(7).p99());
        assertTrue(Double.isNaN(Samples.of().median()));
        assertThrows(IllegalArgumentException.class, () -> Samples.of(1).percentile(0));
    }

    @Test
    void thePeakRssIsReadFromVmHwm() {
        String status = "Name:\tjava\nVmPeak:\t 3000000 kB\nVmHWM:\t   123456 kB\nVmRSS:\t  100000 kB\n";
        assertEquals(123456, HelloProbe.vmHwmKb(status));
        assertEquals(-1, HelloProbe.vmHwmKb("Name:\tjava\n"));
        assertEquals(-1, HelloProbe.vmHwmKb("VmHWM:\n"));
    }

    @Test
    void theParentReadsTheProbesLineOrSaysWhyThereIsNone() {
        ColdStart.ProbeRun ok = ColdStart.ProbeRun.parse(900_000_000L, 0,
                "handler log\n" + HelloProbe.line(400_000_000L, 300_000_000L, 120_000, 42) + "\n", "", 3);
        assertNull(ok.failure());
        assertEquals(400_000_000L, ok.initNanos());
        assertEquals(300_000_000L, ok.invokeNanos());
        assertEquals(120_000, ok.vmHwmKb());
        assertEquals(3, ok.awsCalls());

        ColdStart.ProbeRun threw = ColdStart.ProbeRun.parse(1, 1, HelloProbe.FAILED + "invoke: java.lang.IllegalStateException: no\n", "", 0);
        assertEquals("invoke: java.lang.IllegalStateException: no", threw.failure());

        ColdStart.ProbeRun died = ColdStart.ProbeRun.parse(1, 137, "", "Picked up JAVA_TOOL_OPTIONS: -X\nKilled\n", 0);
        assertEquals("exit 137, no probe line: Killed", died.failure());
    }

    @Test
    void medianFiguresOverRunsAndAFailedRunFailsTheVariant() {
        ColdStart.ProbeRun a = new ColdStart.ProbeRun(1_000_000_000L, 500_000_000L, 300_000_000L, 102_400, 2, null);
        ColdStart.ProbeRun b = new ColdStart.ProbeRun(3_000_000_000L, 700_000_000L, 900_000_000L, 204_800, 2, null);
        ColdStart.ProbeRun c = new ColdStart.ProbeRun(2_000_000_000L, 600_000_000L, 400_000_000L, 153_600, 2, null);
        ColdStart.Figures figures = ColdStart.Figures.of(List.of(a, b, c));
        assertEquals(2000, figures.wallMs());
        assertEquals(600, figures.initMs());
        assertEquals(400, figures.invokeMs());
        assertEquals(1000, figures.jvmMs());
        assertEquals(150, figures.rssMb());
        assertTrue(ColdStart.Figures.of(List.of(a, ColdStart.ProbeRun.failed(1, 0, "boom"))).failed());
    }

    @Test
    void loadedClassesAreCountedByOrigin() {
        List<String> log = List.of(
                "[0.010s][info][class,load] java.lang.Object source: shared objects file",
                "[0.300s][info][class,load] sun.nio.ch.Net source: jrt:/java.base",
                "[0.400s][info][class,load] software.amazon.awssdk.services.ec2.Ec2Client source: file:/m2/ec2.jar",
                "[0.500s][info][class,load] com.fasterxml.jackson.databind.ObjectMapper source: file:/m2/databind.jar",
                "[0.600s][info][class,load] io.consulfactory.bake.CheckImageHandler source: file:/f.jar",
                "[0.700s][info][class,load] io.consulfactory.local.bench.ColdProbe source: file:/probe/",
                "[0.800s][info][class,load] org.joda.time.DateTime source: file:/m2/joda.jar",
                "[0.900s][info][gc] not a class line");
        assertEquals(new ColdStart.ClassCounts(7, 1, 2, 1, 1, 1, 2), ColdStart.ClassCounts.parse(log));
    }

    @Test
    void theDefaultClientVariantDropsTheExplicitClientsAndPutsItsClassesFirst() throws Exception {
        String source = Files.readString(LocalWorkflow.repoFile(FunctionPackage.AWS_CLIENTS));
        String patched = FunctionPackage.withoutExplicitHttpClient(source);
        assertFalse(patched.contains(".httpClient("), patched);
        assertTrue(patched.contains("Ec2Client.builder().overrideConfiguration(COUNTED).build()"), patched);
        assertThrows(IllegalStateException.class, () -> FunctionPackage.withoutExplicitHttpClient(patched));

        Path patchedClasses = Path.of("/tmp/patched");
        List<Path> runtime = List.of(Path.of("/m2/functions.jar"), Path.of("/m2/url-connection-client-2.57.8.jar"),
                Path.of("/m2/sdk-core-2.57.8.jar"));
        List<Path> http = List.of(Path.of("/m2/apache5-client-2.57.8.jar"), Path.of("/m2/httpclient5-5.6.4.jar"));
        assertEquals(List.of(patchedClasses, Path.of("/m2/functions.jar"), Path.of("/m2/sdk-core-2.57.8.jar"),
                        Path.of("/m2/apache5-client-2.57.8.jar"), Path.of("/m2/httpclient5-5.6.4.jar")),
                FunctionPackage.replaceHttpClient(runtime, http, patchedClasses));
        assertEquals(List.of(Path.of("/a.jar"), Path.of("/b")),
                FunctionPackage.parseClasspath("/a.jar" + File.pathSeparator + "/b\n"));
    }

    @Test
    void anUnzippedPackageRunsFromItsRootThenItsLibJarsInNameOrder(@TempDir Path dir) throws Exception {
        assertEquals(List.of(), FunctionPackage.lambdaLayout(dir), "no lib/: no package");
        Files.createDirectories(dir.resolve("lib"));
        Files.write(dir.resolve("lib/b.jar"), new byte[1]);
        Files.write(dir.resolve("lib/a.jar"), new byte[1]);
        Files.write(dir.resolve("lib/notes.txt"), new byte[1]);
        assertEquals(List.of(dir, dir.resolve("lib/a.jar"), dir.resolve("lib/b.jar")), FunctionPackage.lambdaLayout(dir));
    }

    @Test
    void theFunctionsAndTheirFlagsComeFromTheTemplate() throws Exception {
        String template = Files.readString(LocalWorkflow.repoFile("template.yaml"));
        Map<String, String> handlers = DeployedCloud.handlers(template);
        assertTrue(handlers.keySet().containsAll(LocalWorkflow.functionNames()), handlers.toString());
        assertEquals("io.consulfactory.schedule.RebakeTriggerHandler", handlers.get("RebakeTrigger"));
        assertTrue(handlers.keySet().containsAll(LocalWorkflow.teardownFunctionNames()), handlers.toString());
        assertEquals(LocalWorkflow.functionNames().size() + LocalWorkflow.teardownFunctionNames().size() + 1, handlers.size(),
                handlers.toString());
        assertTrue(DeployedCloud.javaToolOptions(template).contains("-XX:TieredStopAtLevel=1"));
    }

    @Test
    void aScheduledEventIsBuiltThroughItsSettersAsTheRuntimeWould() throws Exception {
        String json = Files.readString(LocalWorkflow.repoFile("events/handlers/RebakeTriggerFunction.json"));
        ScheduledEvent event = (ScheduledEvent) ColdProbe.typedEvent(json, ScheduledEvent.class);
        assertEquals("Scheduled Event", event.getDetailType());
        assertEquals("aws.scheduler", event.getSource());
        assertEquals(java.time.Instant.parse("2026-01-05T09:00:00Z").toEpochMilli(), event.getTime().getMillis());
        assertEquals(1, event.getResources().size());
        assertEquals(Map.of(), event.getDetail());
        assertEquals("setDetailType", ColdProbe.setterName("detail-type"));
    }

    @Test
    void theProbesJsonReaderReadsWhatEventsHold() {
        Object tree = new ColdProbe.JsonReader("{\"a\": [1, 2.5, -3e2, true, false, null], \"b\": \"x\\\"\\u0041\\n\", \"c\": {}}").read();
        assertEquals(Map.of("a", java.util.Arrays.asList(1L, 2.5, -300.0, true, false, null), "b", "x\"A\n", "c", Map.of()), tree);
        assertThrows(IllegalArgumentException.class, () -> new ColdProbe.JsonReader("{\"a\": 1} x").read());
        assertThrows(IllegalArgumentException.class, () -> new ColdProbe.JsonReader("{\"a\": }").read());
    }

    @Test
    void aZipIsMeasuredWithItsBiggestEntriesFirst(@TempDir Path dir) throws Exception {
        Path tree = Files.createDirectories(dir.resolve("pkg/lib"));
        byte[] random = new byte[200_000];
        new java.util.Random(1).nextBytes(random);
        Files.write(tree.resolve("big.jar"), random);
        Files.write(tree.resolve("small.jar"), new byte[10]);
        Files.writeString(dir.resolve("pkg/Handler.class"), "x".repeat(50_000));
        PackageSize.Zip zip = PackageSize.zip("test", "pkg", PackageSize.tree(dir.resolve("pkg"), ""));
        assertEquals(3, zip.entries());
        assertEquals("lib/big.jar", zip.biggest().get(0).name());
        assertEquals("Handler.class", zip.biggest().get(1).name(), "repetitive text deflates far below its size");
        assertTrue(zip.bytes() > 200_000 && zip.meetsTarget(), zip.toString());
    }
}
