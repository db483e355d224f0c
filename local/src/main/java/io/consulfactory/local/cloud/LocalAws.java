package io.consulfactory.local.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.consulfactory.local.cloud.autoscaling.AutoScalingService;
import io.consulfactory.local.cloud.ec2.Ec2Service;
import io.consulfactory.local.cloud.iam.IamService;
import io.consulfactory.local.cloud.s3.S3Service;
import io.consulfactory.local.cloud.secretsmanager.SecretsManagerService;
import io.consulfactory.local.cloud.sfn.SfnService;
import io.consulfactory.local.cloud.ssm.SsmService;
import io.consulfactory.local.cloud.sts.StsService;
import io.consulfactory.local.consul.ConsulModel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-memory AWS on 127.0.0.1 that speaks the services' real wire protocols, so the real SDK clients
 * (and the AWS CLI) talk to it unchanged through their standard endpoint settings.
 *
 * <p>Requests are routed by the signing name in their SigV4 credential scope, which also gives the
 * caller's access key id for the call log. Simplification: signatures are verified only for the services that ask
 * for it ({@link LocalService#verifiesSignatures()}: Secrets Manager, and S3 with its own canonical form:
 * {@code s3.S3Signatures}) and only for access keys registered with
 * {@link #registerCredentials}; a request signed with any other key (the SDK in tests signs with a made-up one) is
 * served as if its signature were good.
 * All calls are served one at a time (one lock), which keeps every service's state consistent without
 * locking of its own.
 */
public final class LocalAws implements AutoCloseable {

    public static final String ACCOUNT_ID = "123456789012";
    public static final String DEFAULT_REGION = "us-east-1";

    private static final Logger LOG = Logger.getLogger(LocalAws.class.getName());
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/]+)/[^/]+/([^/]+)/([^/]+)/aws4_request");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Instant EPOCH = Instant.parse("2026-01-05T09:00:00Z");

    private final LocalClock clock = new LocalClock(EPOCH);
    private final CallLog calls = new CallLog();
    private final ControlApi control = new ControlApi(clock);
    private final long startedNanos = System.nanoTime();
    // Real time for the account: the wall time the calls take plus the waiting the local clock skipped.
    private final Faults faults = new Faults(() -> System.nanoTime() - startedNanos
            + java.time.Duration.between(EPOCH, clock.now()).toNanos());
    private final Map<String, LocalService> services = new LinkedHashMap<>();
    private final IamService iam;
    private final Ec2Service ec2;
    private final StsService sts;
    private final SsmService ssm;
    private final SecretsManagerService secretsManager;
    private final S3Service s3;
    /** Access key id to secret access key, for the signature check (see {@link #registerCredentials}). */
    private final Map<String, String> credentials = new ConcurrentHashMap<>();
    private final AutoScalingService autoScaling;
    private final SfnService sfn;
    private final ConsulModel consul;
    private Random random = new Random(42);
    private Instant simulatedUntil;
    private Instant stepping;
    private final java.util.List<String> simulationFailures = new java.util.ArrayList<>();
    private HttpServer server;
    private ExecutorService executor;

    public LocalAws() {
        iam = register(new IamService(this));
        ec2 = register(new Ec2Service(this));
        sts = register(new StsService(this));
        ssm = register(new SsmService(this));
        secretsManager = register(new SecretsManagerService(this));
        s3 = register(new S3Service(this));
        autoScaling = register(new AutoScalingService(this)); // after EC2: it reacts to instance states
        sfn = register(new SfnService(this));
        // Not an AWS service (nothing is routed to it): the software on EC2's instances, advanced after the services.
        // Its servers read their cluster's secrets from this Secrets Manager at boot, as the real ones do.
        consul = new ConsulModel(this, secretsManager::currentSecretString);
    }

    private <S extends LocalService> S register(S service) {
        services.put(service.signingName(), service);
        return service;
    }

    /** Starts a local AWS on an ephemeral port of 127.0.0.1. */
    public static LocalAws start() {
        return start(0);
    }

    public static LocalAws start(int port) {
        LocalAws aws = new LocalAws();
        aws.listen(port);
        return aws;
    }

    private void listen(int port) {
        // The JDK server leaves Nagle's algorithm on: with the client's delayed ACKs every small answer then
        // waits ~40 ms. Read once, when the first server starts, so it is set here rather than per socket.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on 127.0.0.1:" + port, e);
        }
        executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "local-aws");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        // The JDK server's dispatcher thread takes the daemon status of the thread that starts it: started from a
        // daemon thread, a local AWS never keeps a JVM up whose main has ended or thrown (a lost exception then hung it).
        Thread starter = new Thread(server::start, "local-aws-start");
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the local AWS", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: the value for {@code AWS_ENDPOINT_URL}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public LocalClock clock() {
        return clock;
    }

    public CallLog calls() {
        return calls;
    }

    public Faults faults() {
        return faults;
    }

    public IamService iam() {
        return iam;
    }

    public Ec2Service ec2() {
        return ec2;
    }

    public StsService sts() {
        return sts;
    }

    public SsmService ssm() {
        return ssm;
    }

    public SecretsManagerService secretsManager() {
        return secretsManager;
    }

    /** Amazon S3 (REST-XML; see {@link S3Service}). */
    public S3Service s3() {
        return s3;
    }

    /**
     * Makes the local AWS know a key pair, as IAM knows the keys it issued (e.g. the role credentials a test's
     * instance-metadata service hands out): requests signed with this access key id to a service that
     * {@linkplain LocalService#verifiesSignatures() verifies signatures} must then carry a valid SigV4 signature, or
     * are refused with {@code InvalidSignatureException}. Forgotten on {@link #reset()}, as all state is.
     */
    public void registerCredentials(String accessKeyId, String secretAccessKey) {
        credentials.put(accessKeyId, secretAccessKey);
    }

    public AutoScalingService autoScaling() {
        return autoScaling;
    }

    public SfnService sfn() {
        return sfn;
    }

    /** The Consul servers on the simulated instances. */
    public ConsulModel consul() {
        return consul;
    }

    /** How far each simulation step moves: fine enough that Auto Scaling reacts to EC2 in order. */
    private static final java.time.Duration STEP = java.time.Duration.ofSeconds(5);

    /** Brings every service's processes up to the local clock's now, step by step. */
    public synchronized void simulate() {
        Instant now = clock.now();
        if (simulatedUntil == null || simulatedUntil.isAfter(now)) {
            simulatedUntil = now;
        }
        while (simulatedUntil.isBefore(now)) {
            Instant next = simulatedUntil.plus(STEP);
            simulatedUntil = next.isAfter(now) ? now : next;
            stepping = simulatedUntil;
            try {
                for (LocalService service : services.values()) {
                    advance(service.signingName(), () -> service.advanceTo(simulatedUntil));
                }
                advance("consul", () -> consul.advanceTo(simulatedUntil));
            } finally {
                stepping = null;
            }
        }
    }

    /**
     * One service's step. What a service does on the clock is no answer to the call that happens to run the
     * simulation: an error a step throws (a bug: the services record their own failures, as Auto Scaling records a
     * refused launch) is logged and kept for {@link #simulationFailures()}, and every other service still moves and
     * the call is still answered. (Thrown out of here, it once answered every later call, IAM's included.)
     */
    private void advance(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "local AWS: " + what + " failed to simulate " + stepping, e);
            simulationFailures.add(what + " at " + stepping + ": " + e);
        }
    }

    /** The simulation steps that threw (see {@link #advance}): empty unless the local AWS has a bug. */
    public synchronized java.util.List<String> simulationFailures() {
        return java.util.List.copyOf(simulationFailures);
    }

    /**
     * The time of what is happening now: while the simulation catches up with the clock, the step it is at (an
     * instance Auto Scaling launches in a step launches then, not at the end of the catch-up); else the clock's.
     */
    public synchronized Instant now() {
        return stepping != null ? stepping : clock.now();
    }

    /** Forgets all state, calls and faults: a fresh account, same endpoint. */
    public synchronized void reset() {
        simulatedUntil = null;
        services.values().forEach(LocalService::reset);
        consul.reset();
        calls.clear();
        faults.clear();
        credentials.clear();
        simulationFailures.clear();
        random = new Random(42);
    }

    /** A new resource id in EC2's style: {@code prefix-} and 17 hex digits (deterministic per reset). */
    public synchronized String newId(String prefix) {
        StringBuilder id = new StringBuilder(prefix).append('-');
        for (int i = 0; i < 17; i++) {
            id.append(Character.forDigit(random.nextInt(16), 16));
        }
        return id.toString();
    }

    /** A new unique id in IAM's style: a 4-letter prefix ({@code AROA}, {@code AIPA}) and 17 capitals/digits. */
    public synchronized String newIamId(String prefix) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder id = new StringBuilder(prefix);
        for (int i = 0; i < 17; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (exchange.getRequestURI().getPath().startsWith(ControlApi.PREFIX)) {
                ControlApi.Answer answer = control.handle(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), body);
                respond(exchange, answer.status(), "application/json", answer.body(), requestId);
                return;
            }
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            Matcher credential = CREDENTIAL.matcher(auth == null ? "" : auth);
            if (!credential.find()) {
                respond(exchange, 403, "text/plain", "MissingAuthenticationToken: requests must be signed (SigV4)", requestId);
                return;
            }
            String accessKeyId = credential.group(1);
            String region = credential.group(2);
            LocalService service = services.get(credential.group(3));
            if (service == null) {
                respond(exchange, 400, "text/plain", "UnknownService: " + credential.group(3) + " is not served by the local AWS", requestId);
                return;
            }
            if (service instanceof RestService rest) {
                serveRest(exchange, rest, body, region, accessKeyId, requestId);
                return;
            }
            AwsRequest request = parse(exchange, service, body, region, accessKeyId);
            Protocol protocol = service.protocol();
            Map<String, String> headers = new LinkedHashMap<>();
            String response;
            int status = 200;
            String errorCode = null;
            try {
                String secretAccessKey = service.verifiesSignatures() ? credentials.get(accessKeyId) : null;
                if (secretAccessKey != null) {
                    SigV4.verify(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                            exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body, secretAccessKey);
                }
                AwsError injected = faults.next(request).orElse(null);
                if (injected != null) {
                    throw injected;
                }
                Object content;
                synchronized (this) {
                    simulate();
                    content = service.handle(request);
                }
                response = protocol.success(service, request.action(), content, requestId);
            } catch (AwsError e) {
                status = e.status();
                errorCode = e.code();
                response = protocol.error(service, e, requestId);
                if (protocol == Protocol.AWS_JSON) {
                    headers.put("x-amzn-ErrorType", e.code());
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "local AWS failed on " + request.service() + ":" + request.action(), e);
                AwsError internal = Faults.serverError(service.signingName());
                status = internal.status();
                errorCode = internal.code();
                response = protocol.error(service, new AwsError(internal.status(), internal.code(),
                        "local AWS bug: " + e), requestId);
            }
            calls.add(new Call(clock.now(), request.service(), request.action(), accessKeyId,
                    logged(request), errorCode));
            headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            respond(exchange, status, service.contentType(), response, requestId);
        }
    }

    /**
     * A REST service's request (S3): it names the operation from the HTTP request and reads and writes the exchange
     * itself; faults, the signature's secret, the lock, the simulation and the call log are as for the others.
     */
    private void serveRest(HttpExchange exchange, RestService service, byte[] body, String region, String accessKeyId,
                           String requestId) throws IOException {
        String secretAccessKey = service.verifiesSignatures() ? credentials.get(accessKeyId) : null;
        RestService.Request request = new RestService.Request(exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                RestService.Request.lowercased(exchange.getRequestHeaders()), body, region, accessKeyId,
                secretAccessKey, requestId);
        String operation = "";
        RestService.Response response;
        String errorCode = null;
        try {
            operation = service.operation(request);
            AwsError injected = faults.next(new AwsRequest(service.signingName(), operation, region, accessKeyId,
                    new QueryParams(Map.of()), JsonNodeFactory.instance.objectNode())).orElse(null);
            if (injected != null) {
                throw injected;
            }
            synchronized (this) {
                simulate();
                response = service.serve(request, operation);
            }
        } catch (AwsError e) {
            errorCode = e.code();
            response = service.error(request, e);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "local AWS failed on " + service.signingName() + ":" + operation, e);
            AwsError internal = Faults.serverError(service.signingName());
            errorCode = internal.code();
            response = service.error(request, new AwsError(internal.status(), internal.code(), "local AWS bug: " + e));
        }
        Map<String, String> logged = new LinkedHashMap<>();
        try {
            logged.putAll(service.logged(request));
        } catch (RuntimeException e) {
            // a request too malformed to name its members is still logged
        }
        calls.add(new Call(clock.now(), service.signingName(), operation, accessKeyId, logged, errorCode));
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] bytes = response.body();
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        // HEAD answers carry the Content-Length the service set and no body (the JDK server's rule: length -1).
        exchange.sendResponseHeaders(response.status(), head || bytes.length == 0 ? -1 : bytes.length);
        if (!head && bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static AwsRequest parse(HttpExchange exchange, LocalService service, byte[] body, String region,
                                    String accessKeyId) throws IOException {
        if (service.protocol() == Protocol.AWS_JSON) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String action = target == null ? "" : target.substring(target.indexOf('.') + 1);
            JsonNode json = body.length == 0 ? JsonNodeFactory.instance.objectNode() : JSON.readTree(body);
            return new AwsRequest(service.signingName(), action, region, accessKeyId, new QueryParams(Map.of()), json);
        }
        Map<String, String> form = new LinkedHashMap<>();
        decodeForm(exchange.getRequestURI().getRawQuery(), form);
        decodeForm(new String(body, StandardCharsets.UTF_8), form);
        String action = form.remove("Action");
        form.remove("Version");
        return new AwsRequest(service.signingName(), action == null ? "" : action, region, accessKeyId,
                new QueryParams(form), JsonNodeFactory.instance.objectNode());
    }

    private static void decodeForm(String raw, Map<String, String> into) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            into.put(key, value);
        }
    }

    /** Request members that carry secret values (Secrets Manager's CreateSecret and PutSecretValue). */
    private static final java.util.Set<String> SECRET_FIELDS = java.util.Set.of("SecretString", "SecretBinary");

    private static Map<String, String> logged(AwsRequest request) {
        if (request.json().isObject() && request.json().size() > 0) {
            Map<String, String> fields = new LinkedHashMap<>();
            // Never a secret in a log: the call log keeps that a value was sent, not the value.
            request.json().fields().forEachRemaining(e -> fields.put(e.getKey(), SECRET_FIELDS.contains(e.getKey())
                    ? "(redacted)" : e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
            return fields;
        }
        return request.params().asMap();
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body, String requestId)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.getResponseHeaders().add("x-amzn-RequestId", requestId);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
