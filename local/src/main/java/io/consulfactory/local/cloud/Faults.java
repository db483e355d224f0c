package io.consulfactory.local.cloud;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Faults to inject, as AWS really produces them: throttling, server errors, permanent errors, and IAM's
 * eventual consistency. Each rule answers the next N matching calls with its error, then is spent.
 */
public final class Faults {

    private record Rule(String service, String action, AwsError error, int[] remaining) {
    }

    private final List<Rule> rules = new ArrayList<>();
    private Duration instanceProfilePropagation = Duration.ZERO;

    /** The next {@code times} calls of the action are throttled with that service's own throttling error. */
    public synchronized Faults throttle(String service, String action, int times) {
        return fail(service, action, times, throttlingError(service));
    }

    /** The next {@code times} calls of the action fail with a 500 in that service's own words. */
    public synchronized Faults serverError(String service, String action, int times) {
        return fail(service, action, times, serverError(service));
    }

    /** The next {@code times} calls of the action fail with the given error ({@code "*"} matches any action). */
    public synchronized Faults fail(String service, String action, int times, AwsError error) {
        rules.add(new Rule(service, action, error, new int[]{times}));
        return this;
    }

    /**
     * How long after its creation an instance profile stays invisible to EC2 (IAM is eventually
     * consistent: RunInstances with a brand-new profile fails with {@code InvalidParameterValue}).
     */
    public synchronized Faults instanceProfilePropagation(Duration delay) {
        instanceProfilePropagation = delay;
        return this;
    }

    public synchronized Duration instanceProfilePropagation() {
        return instanceProfilePropagation;
    }

    /** The error to answer for this call, if a rule matches; spends one use of that rule. */
    synchronized Optional<AwsError> next(String service, String action) {
        for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
            Rule rule = it.next();
            if (rule.service.equals(service) && (rule.action.equals("*") || rule.action.equals(action))) {
                if (--rule.remaining[0] <= 0) {
                    it.remove();
                }
                return Optional.of(rule.error);
            }
        }
        return Optional.empty();
    }

    /** Drops every rule and the propagation delay. */
    public synchronized void clear() {
        rules.clear();
        instanceProfilePropagation = Duration.ZERO;
    }

    /** Each service's throttling error: code and status as AWS sends them. */
    public static AwsError throttlingError(String service) {
        return switch (service) {
            case "ec2" -> new AwsError(503, "RequestLimitExceeded", "Request limit exceeded.");
            case "ssm", "states" -> new AwsError(400, "ThrottlingException", "Rate exceeded");
            default -> new AwsError(400, "Throttling", "Rate exceeded");
        };
    }

    /** Each service's internal error: code and status as AWS sends them. */
    public static AwsError serverError(String service) {
        return switch (service) {
            case "ec2" -> new AwsError(500, "InternalError", "An internal error has occurred");
            case "iam" -> new AwsError(500, "ServiceFailure", "The request processing has failed because of an unknown error, exception or failure.");
            case "ssm" -> new AwsError(500, "InternalServerError", "An internal server error occurred");
            default -> new AwsError(500, "InternalFailure", "The request processing has failed because of an unknown error, exception or failure.");
        };
    }
}
