package io.consulfactory.local.bench;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The main of a cold-start child JVM ({@link ColdStart}): its classpath is the function package and the
 * probe's own classes only. It does what the Lambda runtime does for a first invocation — load the handler class,
 * construct it, hand it the event — and prints one line for the parent:
 * {@code COLDPROBE init_ns=… invoke_ns=… vmhwm_kb=… output_bytes=…}, or {@code COLDPROBE_FAILED …} and exit 1.
 *
 * <p>Kept tiny on purpose, so that what the child loads is the function's doing: JDK classes and the
 * function package only (no Jackson of its own: a small JSON reader for the one typed event), no lambdas and
 * no string concatenation ({@code invokedynamic} bootstraps cost milliseconds the handler would otherwise pay
 * first), named nested classes only ({@link ColdStart} copies this nest and {@link HelloProbe} out of the
 * benchmark's classpath).
 *
 * <pre>java -cp PROBE_DIR:FUNCTION_PACKAGE io.consulfactory.local.bench.ColdProbe HANDLER_CLASS EVENT_FILE</pre>
 */
public final class ColdProbe {

    private ColdProbe() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2 && !(args.length == 3 && args[2].equals("prime"))) {
            System.err.println("usage: ColdProbe HANDLER_CLASS EVENT_FILE [prime]");
            System.exit(2);
        }
        byte[] event;
        try (InputStream in = new FileInputStream(args[1])) {
            event = in.readAllBytes();
        }
        long start = System.nanoTime();
        Object handler;
        try {
            handler = construct(args[0]);
        } catch (Throwable e) {
            fail("init", e);
            return;
        }
        if (args.length == 3) {
            try {
                prime(handler);
            } catch (Throwable e) {
                fail("prime", e);
                return;
            }
        }
        long constructed = System.nanoTime();
        int outputBytes;
        try {
            outputBytes = invoke(handler, event, new ProbeContext(args[0], false));
        } catch (Throwable e) {
            fail("invoke", e);
            return;
        }
        long invoked = System.nanoTime();
        System.out.println(HelloProbe.line(constructed - start, invoked - constructed, HelloProbe.vmHwmKb(HelloProbe.readStatus()),
                outputBytes));
        // Lambda keeps the JVM; the SDK may leave threads behind: the measurement ends here.
        System.exit(0);
    }

    /**
     * What SnapStart does before the snapshot: the handler's {@code priming().prime()} (its CRaC
     * beforeCheckpoint hook's work), by reflection so the probe needs none of the function's types. The
     * invocation after it is what a function restored from the snapshot pays (the restore itself aside).
     */
    static void prime(Object handler) throws Exception {
        try {
            Object priming = handler.getClass().getMethod("priming").invoke(handler);
            if (priming == null) {
                throw new IllegalStateException(handler.getClass().getName() + " registers no priming");
            }
            priming.getClass().getMethod("prime").invoke(priming);
        } catch (InvocationTargetException e) {
            throw rethrow(e);
        }
    }

    /** Loads and constructs the handler as the runtime does: by name, public no-argument constructor. */
    public static Object construct(String handlerClass) throws Exception {
        Class<?> type = Class.forName(handlerClass, true, ColdProbe.class.getClassLoader());
        Constructor<?> constructor = type.getConstructor();
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw rethrow(e);
        }
    }

    /**
     * Serves one invocation: a {@link RequestStreamHandler} gets the event's bytes; a {@code RequestHandler}
     * gets the event as its declared input type (see {@link #typedEvent}), as the runtime would deserialise it.
     *
     * @return how many bytes the handler answered (a POJO handler's answer as its {@code toString})
     */
    public static int invoke(Object handler, byte[] event, Context context) throws Exception {
        if (handler instanceof RequestStreamHandler stream) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            stream.handleRequest(new ByteArrayInputStream(event), out, context);
            return out.size();
        }
        Method handle = handleRequest(handler.getClass());
        Object input = typedEvent(new String(event, StandardCharsets.UTF_8), handle.getParameterTypes()[0]);
        try {
            return String.valueOf(handle.invoke(handler, input, context)).length();
        } catch (InvocationTargetException e) {
            throw rethrow(e);
        }
    }

    /** The handler's own {@code handleRequest(I, Context)}: not the erased bridge method. */
    static Method handleRequest(Class<?> type) throws NoSuchMethodException {
        for (Method method : type.getMethods()) {
            if (method.getName().equals("handleRequest") && !method.isBridge() && method.getParameterCount() == 2
                    && method.getParameterTypes()[1] == Context.class) {
                return method;
            }
        }
        throw new NoSuchMethodException(type.getName() + " has no handleRequest(I, Context)");
    }

    /**
     * The event as the handler's input type: maps and lists as they are; a bean (an aws-lambda-java-events
     * class such as {@code ScheduledEvent}) through its setters, each JSON key in camel case
     * ({@code detail-type} to {@code setDetailType}); a value of another type through that type's
     * one-argument constructor (Joda's {@code DateTime(Object)} parses ISO-8601, as the runtime's mixin does).
     */
    static Object typedEvent(String json, Class<?> type) throws ReflectiveOperationException {
        Object tree = new JsonReader(json).read();
        return convert(tree, type);
    }

    private static Object convert(Object value, Class<?> type) throws ReflectiveOperationException {
        if (value == null || type.isInstance(value)) {
            return value;
        }
        if (type == String.class) {
            return String.valueOf(value);
        }
        if (value instanceof Number number) {
            if (type == int.class || type == Integer.class) {
                return number.intValue();
            }
            if (type == long.class || type == Long.class) {
                return number.longValue();
            }
            if (type == double.class || type == Double.class) {
                return number.doubleValue();
            }
        }
        if (value instanceof Map<?, ?> map && type.getConstructors().length > 0 && hasNoArgConstructor(type)) {
            Object bean = type.getConstructor().newInstance();
            for (Map.Entry<?, ?> field : map.entrySet()) {
                Method setter = setter(type, setterName((String) field.getKey()));
                if (setter != null) {
                    setter.invoke(bean, convert(field.getValue(), setter.getParameterTypes()[0]));
                }
            }
            return bean;
        }
        for (Constructor<?> constructor : type.getConstructors()) {
            if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0].isInstance(value)) {
                return constructor.newInstance(value);
            }
        }
        StringBuilder message = new StringBuilder("cannot make a ").append(type.getName()).append(" of ").append(value);
        throw new IllegalArgumentException(message.toString());
    }

    private static boolean hasNoArgConstructor(Class<?> type) {
        for (Constructor<?> constructor : type.getConstructors()) {
            if (constructor.getParameterCount() == 0) {
                return true;
            }
        }
        return false;
    }

    private static Method setter(Class<?> type, String name) {
        for (Method method : type.getMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == 1) {
                return method;
            }
        }
        return null;
    }

    /** {@code detail-type} to {@code setDetailType}. */
    static String setterName(String key) {
        StringBuilder name = new StringBuilder("set");
        boolean upper = true;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '-' || c == '_') {
                upper = true;
            } else {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.toString();
    }

    private static void fail(String phase, Throwable e) {
        e.printStackTrace();
        System.out.println(new StringBuilder(HelloProbe.FAILED).append(phase).append(": ").append(e).toString().replace('\n', ' '));
        System.exit(1);
    }

    private static Exception rethrow(InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Error error) {
            throw error;
        }
        return cause instanceof Exception exception ? exception : e;
    }

    /** A minimal Lambda context: the function's name, a fixed request id, a logger to stdout (or nowhere). */
    public static final class ProbeContext implements Context {

        private final String name;
        private final LambdaLogger logger;

        public ProbeContext(String name, boolean quiet) {
            this.name = name;
            this.logger = new ProbeLogger(quiet);
        }

        @Override
        public String getAwsRequestId() {
            return "00000000-0000-4000-8000-000000000000";
        }

        @Override
        public String getLogGroupName() {
            return name;
        }

        @Override
        public String getLogStreamName() {
            return "bench";
        }

        @Override
        public String getFunctionName() {
            return name;
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return name;
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 60_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return logger;
        }
    }

    /** Lambda's logger writes to stdout, which goes to CloudWatch. */
    static final class ProbeLogger implements LambdaLogger {

        private final boolean quiet;

        ProbeLogger(boolean quiet) {
            this.quiet = quiet;
        }

        @Override
        public void log(String message) {
            if (!quiet) {
                System.out.println(message);
            }
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }
    }

    /** Just enough JSON for an event: objects (in order), arrays, strings, numbers, true, false, null. */
    static final class JsonReader {

        private final String text;
        private int at;

        JsonReader(String text) {
            this.text = text;
        }

        Object read() {
            Object value = value();
            space();
            if (at != text.length()) {
                throw error("trailing text");
            }
            return value;
        }

        private Object value() {
            space();
            if (at >= text.length()) {
                throw error("unexpected end");
            }
            char c = text.charAt(at);
            if (c == '{') {
                at++;
                Map<String, Object> object = new LinkedHashMap<>();
                space();
                if (peek('}')) {
                    return object;
                }
                do {
                    space();
                    String key = string();
                    space();
                    expect(':');
                    object.put(key, value());
                    space();
                } while (peek(','));
                expect('}');
                return object;
            }
            if (c == '[') {
                at++;
                List<Object> array = new ArrayList<>();
                space();
                if (peek(']')) {
                    return array;
                }
                do {
                    array.add(value());
                    space();
                } while (peek(','));
                expect(']');
                return array;
            }
            if (c == '"') {
                return string();
            }
            if (text.startsWith("true", at)) {
                at += 4;
                return Boolean.TRUE;
            }
            if (text.startsWith("false", at)) {
                at += 5;
                return Boolean.FALSE;
            }
            if (text.startsWith("null", at)) {
                at += 4;
                return null;
            }
            int start = at;
            while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            String number = text.substring(start, at);
            if (number.isEmpty()) {
                throw error("unexpected character");
            }
            return number.contains(".") || number.contains("e") || number.contains("E")
                    ? (Object) Double.valueOf(number) : (Object) Long.valueOf(number);
        }

        private String string() {
            expect('"');
            StringBuilder s = new StringBuilder();
            while (at < text.length()) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return s.toString();
                }
                if (c != '\\') {
                    s.append(c);
                    continue;
                }
                char e = text.charAt(at++);
                switch (e) {
                    case 'n' -> s.append('\n');
                    case 't' -> s.append('\t');
                    case 'r' -> s.append('\r');
                    case 'b' -> s.append('\b');
                    case 'f' -> s.append('\f');
                    case 'u' -> {
                        s.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> s.append(e);
                }
            }
            throw error("unterminated string");
        }

        private void space() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        private boolean peek(char c) {
            if (at < text.length() && text.charAt(at) == c) {
                at++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw error(new StringBuilder("expected ").append(c).toString());
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException(new StringBuilder("bad JSON event at ").append(at).append(": ")
                    .append(what).toString());
        }
    }
}
