package io.consulfactory.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.Network;
import io.consulfactory.local.cloud.sfn.SfnService;
import io.consulfactory.local.lambda.LocalContext;
import io.consulfactory.local.statemachine.LocalStateMachine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefresh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The jars {@code sam build} ships ({@code functions/target/lambda/lib}, shrunk by ProGuard) run the whole
 * workflow: a class the shrinker dropped but something loads by name fails only at run time, so every handler is
 * loaded from those jars alone, in a class loader that sees nothing of the test classpath (its parent is the
 * platform loader, as under the Lambda runtime), and a deploy, a scheduled rebake trigger and the rebake run
 * through the real local workflow against the local AWS.
 *
 * <p>The jars come from {@code mvn package} (or {@code verify}) of the functions module; this test reads what is
 * there, so build that first.
 */
@ExtendWith(LocalAwsExtension.class)
class ShippedPackageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GROUP = "consul-consul-dc1";

    private static URLClassLoader shipped;
    private static Class<?> shippedContext;

    @BeforeAll
    static void loadTheShippedJarsApart() throws Exception {
        Path lib = LocalWorkflow.repoFile("functions/target/lambda/lib");
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(lib)) {
            for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
                jars.add(jar.toUri().toURL());
            }
        }
        assertTrue(jars.size() > 10, "no package in " + lib.toAbsolutePath() + ": run mvn package first");
        shipped = new URLClassLoader("shipped-package", jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        shippedContext = shipped.loadClass(Context.class.getName());
        assertNotSame(Context.class, shippedContext, "the shipped jars are loaded apart from the test classpath");
    }

    @AfterAll
    static void close() throws IOException {
        shipped.close();
    }

    @Test
    void theShippedJarsDeployAClusterTriggerARebakeAndRollIt(LocalAws aws) throws Exception {
        Network network = aws.ec2().seedDefaultNetwork();
        Map<String, String> handlerClasses = handlerClassesOfTheTemplate();
        LocalWorkflow workflow = new LocalWorkflow(aws, LocalWorkflow.definitionFile(),
                LocalWorkflow.stackDefaults(network.vpcId(), network.subnetIds()),
                name -> shippedStreamHandler(handlerClasses.get(name)));

        LocalStateMachine.Result deploy = workflow.run("deploy", JSON.readTree("{}"), (s, t, l, r, o) -> { });

        assertEquals("SUCCEEDED", deploy.status(), deploy.error() + ": " + deploy.cause());
        AutoScalingGroup group = group();
        assertEquals(3, inService(group), "three servers in service: " + group.instances());
        String firstVersion = group.launchTemplate().version();

        // The schedule's function with the settings the template gives it, for a newer Consul version.
        List<String> lines = invokeRebakeTrigger(handlerClasses.get("RebakeTrigger"), aws, "1.21.0");

        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("consul-dc1: STARTED (Consul 1.20.2 -> 1.21.0)"), lines.get(0));
        List<SfnService.Execution> started = aws.sfn().executions();
        assertEquals(1, started.size());

        LocalStateMachine.Result rebake = workflow.run(started.get(0).name(), JSON.readTree(started.get(0).input()),
                (s, t, l, r, o) -> { });

        assertEquals("SUCCEEDED", rebake.status(), rebake.error() + ": " + rebake.cause());
        AutoScalingGroup rolled = group();
        String newVersion = rolled.launchTemplate().version();
        assertNotEquals(firstVersion, newVersion, "a new launch template version");
        assertEquals(3, inService(rolled), "three servers in service after the refresh: " + rolled.instances());
        assertTrue(rolled.instances().stream().allMatch(i -> i.launchTemplate().version().equals(newVersion)),
                "every server runs the new version: " + rolled.instances());
        List<InstanceRefresh> refreshes = AwsClients.autoScaling().describeInstanceRefreshes(r -> r.autoScalingGroupName(GROUP))
                .instanceRefreshes();
        assertEquals(1, refreshes.size(), "one rolling refresh: " + refreshes);
        assertEquals("Successful", refreshes.get(0).statusAsString());
    }

    /** SnapStart's runtime hooks register through org.crac, which ships whole (no JVM here has CRaC: its no-op context). */
    @Test
    void theSnapStartHooksApiShips() throws Exception {
        Object context = shipped.loadClass("org.crac.Core").getMethod("getGlobalContext").invoke(null);

        assertTrue(shipped.loadClass("org.crac.Context").isInstance(context), String.valueOf(context));
        assertTrue(shipped.loadClass("org.crac.Resource").isInterface());
    }

    private static AutoScalingGroup group() {
        return AwsClients.autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(GROUP)).autoScalingGroups().get(0);
    }

    private static long inService(AutoScalingGroup group) {
        return group.instances().stream()
                .filter(i -> i.lifecycleStateAsString().equals("InService") && i.healthStatus().equals("Healthy")).count();
    }

    /** Each function's handler class, by its name in template.yaml less "Function". */
    private static Map<String, String> handlerClassesOfTheTemplate() throws IOException {
        String text = Files.readString(LocalWorkflow.repoFile("template.yaml")).replaceAll("!(Ref|Sub|Join|GetAtt) ", "");
        Map<String, String> handlers = new TreeMap<>();
        for (Map.Entry<String, JsonNode> resource : new YAMLMapper().readTree(text).get("Resources").properties()) {
            if (resource.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
                String handler = resource.getValue().at("/Properties/Handler").asText();
                handlers.put(resource.getKey().replaceFirst("Function$", ""), handler.substring(0, handler.indexOf("::")));
            }
        }
        return handlers;
    }

    /** A handler of the shipped jars behind the test's RequestStreamHandler, as the Lambda runtime would call it. */
    private static RequestStreamHandler shippedStreamHandler(String className) {
        try {
            Class<?> type = shipped.loadClass(className);
            Object handler = asTheRuntime(() -> type.getConstructor().newInstance());
            Method handleRequest = type.getMethod("handleRequest", InputStream.class, OutputStream.class, shippedContext);
            return (in, out, context) -> asTheRuntime(() -> handleRequest.invoke(handler, in, out, shippedContext(context)));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("the shipped jars lack " + className, e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Invokes the shipped RebakeTriggerHandler once with a ScheduledEvent. Lambda would give it its settings through
     * the environment the template sets (STATE_MACHINE_ARN, STACK_CLUSTER_NAME, STACK_CONSUL_VERSION), which a test
     * cannot set in its own JVM: they go through the handler's constructor for a RebakeTrigger instead.
     */
    @SuppressWarnings("unchecked")
    private static List<String> invokeRebakeTrigger(String className, LocalAws aws, String stackVersion) throws Exception {
        Class<?> type = shipped.loadClass(className);
        Class<?> trigger = shipped.loadClass("io.consulfactory.schedule.RebakeTrigger");
        Class<?> settings = shipped.loadClass("io.consulfactory.schedule.RebakeTrigger$Settings");
        Class<?> clients = shipped.loadClass("io.consulfactory.aws.AwsClients");
        Class<?> event = shipped.loadClass("com.amazonaws.services.lambda.runtime.events.ScheduledEvent");
        Class<?> dateTime = shipped.loadClass("org.joda.time.DateTime");

        Object handler = asTheRuntime(() -> {
            Object[] sdk = {clients.getMethod("ssm").invoke(null), clients.getMethod("ec2").invoke(null),
                    clients.getMethod("autoScaling").invoke(null), clients.getMethod("sfn").invoke(null)};
            Object triggerSettings = settings.getConstructor(String.class, String.class, String.class)
                    .newInstance(LocalWorkflow.STATE_MACHINE_ARN, "consul-dc1", stackVersion);
            Object[] arguments = {sdk[0], sdk[1], sdk[2], sdk[3], triggerSettings};
            Object rebakeTrigger = trigger.getConstructors()[0].newInstance(arguments);
            Constructor<?> constructor = type.getDeclaredConstructor(trigger);
            constructor.setAccessible(true);
            return constructor.newInstance(rebakeTrigger);
        });
        Object scheduled = asTheRuntime(() -> {
            Object e = event.getConstructor().newInstance();
            event.getMethod("setDetailType", String.class).invoke(e, "Scheduled Event");
            event.getMethod("setSource", String.class).invoke(e, "aws.scheduler");
            event.getMethod("setTime", dateTime).invoke(e,
                    dateTime.getConstructor(long.class).newInstance(aws.clock().now().toEpochMilli()));
            return e;
        });
        Method handleRequest = type.getMethod("handleRequest", event, shippedContext);
        return (List<String>) asTheRuntime(() -> handleRequest.invoke(handler, scheduled,
                shippedContext(new LocalContext("RebakeTriggerFunction"))));
    }

    /** The test's Lambda context as the shipped jars' own Context interface. */
    private static Object shippedContext(Context context) {
        return bridge(shippedContext, context);
    }

    /**
     * A proxy of {@code type} (an interface of the shipped jars) forwarding each call to {@code target}, an instance
     * of the test classpath's interface of the same name; results of another shipped interface type (the logger) are
     * bridged alike.
     */
    private static Object bridge(Class<?> type, Object target) {
        InvocationHandler forward = (proxy, method, args) -> {
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            Method same = method.getDeclaringClass() == Object.class ? method
                    : Class.forName(method.getDeclaringClass().getName(), false, ShippedPackageTest.class.getClassLoader())
                            .getMethod(method.getName(), method.getParameterTypes());
            Object result;
            try {
                result = same.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return result == null || !method.getReturnType().isInterface() || method.getReturnType().isInstance(result)
                    ? result : bridge(method.getReturnType(), result);
        };
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, forward);
    }

    /**
     * Runs a step as the Lambda runtime runs the function: with the function's class loader as the thread's context
     * loader (the SDK looks things up through it), and the function's own exception thrown as it is.
     */
    private static <T> T asTheRuntime(Callable<T> step) throws IOException {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(shipped);
        try {
            return step.call();
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(cause);
        } catch (RuntimeException | IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            thread.setContextClassLoader(before);
        }
    }
}
