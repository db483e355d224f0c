package io.consulfactory.aws;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.util.Map;
import java.util.TreeMap;

/**
 * Counts the AWS calls of the invocation running on this thread, by IAM action ({@code ec2:DescribeInstances}),
 * for its log line. Registered on every client {@link AwsClients} builds; a sync client runs its interceptors on
 * the calling thread, so a thread-local map needs no locking. Once per API call (the SDK's own retries are
 * attempts of the same call), and nothing at all outside an invocation (SnapStart priming, tests of plain classes).
 */
public final class AwsCallCounter implements ExecutionInterceptor {

    static final AwsCallCounter INSTANCE = new AwsCallCounter();

    private static final ThreadLocal<Map<String, Integer>> CALLS = new ThreadLocal<>();

    /** The SDK's service names (its client metadata) as IAM spells their action prefixes. */
    private static final Map<String, String> PREFIXES = Map.of(
            "EC2", "ec2", "IAM", "iam", "AutoScaling", "autoscaling", "SSM", "ssm", "SecretsManager", "secretsmanager",
            "SFN", "states", "STS", "sts", "S3", "s3");

    private AwsCallCounter() {
    }

    /** From now on, this thread's AWS calls are counted (for one invocation); a count under way starts over. */
    public static void begin() {
        CALLS.set(new TreeMap<>());
    }

    /** The calls counted since {@link #begin()}, by action, and counting stops; empty when none was begun. */
    public static Map<String, Integer> end() {
        Map<String, Integer> calls = CALLS.get();
        CALLS.remove();
        return calls == null ? Map.of() : calls;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        Map<String, Integer> calls = CALLS.get();
        if (calls != null) {
            String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
            String prefix = PREFIXES.get(service);
            calls.merge((prefix == null ? String.valueOf(service).toLowerCase(java.util.Locale.ROOT) : prefix) + ":"
                    + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), 1, Integer::sum);
        }
    }
}
