package io.consulfactory.schedule;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.aws.SnapStartPriming;
import io.consulfactory.lambda.InvocationLog;
import io.consulfactory.lambda.Json;

import java.time.Instant;
import java.util.List;

/**
 * Lambda doorway of {@link RebakeTrigger}, run by the stack's EventBridge Scheduler schedule. Settings come
 * from the environment the template sets: {@code STATE_MACHINE_ARN},
 * {@code STACK_CLUSTER_NAME}, {@code STACK_CONSUL_VERSION}. Returns one line per cluster.
 */
public final class RebakeTriggerHandler implements RequestHandler<ScheduledEvent, List<String>>, SnapStartPriming.Primed {

    private final RebakeTrigger trigger;
    private SnapStartPriming priming;

    public RebakeTriggerHandler() {
        this(new RebakeTrigger(AwsClients.ssm(), AwsClients.ec2(), AwsClients.autoScaling(), AwsClients.sfn(),
                new RebakeTrigger.Settings(env("STATE_MACHINE_ARN", ""), env("STACK_CLUSTER_NAME", ""),
                        env("STACK_CONSUL_VERSION", ""))));
        // StartExecution is the only Step Functions call it may make: that client is built, not primed.
        priming = SnapStartPriming.register(getClass().getSimpleName(), List.of(SnapStartPriming.ssmGetClusterRecords(),
                SnapStartPriming.autoScalingDescribeGroups(), SnapStartPriming.ec2DescribeImages()));
    }

    RebakeTriggerHandler(RebakeTrigger trigger) {
        this.trigger = trigger;
    }

    /** The priming registered by the Lambda entry point, or {@code null} for a handler built by a test. */
    @Override
    public SnapStartPriming priming() {
        return priming;
    }

    @Override
    public List<String> handleRequest(ScheduledEvent event, Context context) {
        InvocationLog log = InvocationLog.begin("RebakeTrigger");
        String requestId = context == null ? null : context.getAwsRequestId();
        try {
            Instant now = event.getTime() == null ? Instant.now() : Instant.ofEpochMilli(event.getTime().getMillis());
            List<String> lines = trigger.run(now).stream().map(RebakeDecision::toString).toList();
            lines.forEach(line -> context.getLogger().log(line));
            log.ok(Json.MAPPER.valueToTree(lines), requestId);
            return lines;
        } catch (RuntimeException | Error e) {
            log.failed(e, requestId);
            throw e;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
