package io.consulfactory.local.cloud;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Faults to inject, as AWS really produces them: throttling, server errors, permanent errors, and IAM's
 * eventual consistency. Each rule answers the next N matching calls with its error, then is spent.
 */
public final class Faults {

    private record Rule(String service, String action, AwsError error, int[] remaining) {
    }

    private final List<Rule> rules = new ArrayList<>();
    private final LongSupplier accountTime;
    private Duration instanceProfilePropagation = Duration.ZERO;
    private RequestRates ec2Rates;

    /** @param accountTime the time the account lives in, in nanoseconds: what EC2's token buckets refill on */
    Faults(LongSupplier accountTime) {
        this.accountTime = accountTime;
    }

    /**
     * From now on EC2 throttles as AWS documents it: token buckets per action at AWS's sizes and refill rates
     * ({@link RequestRates}), a call without a token answered {@code RequestLimitExceeded} (HTTP 503). Off
     * until called; {@link #clear()} turns it off again.
     *
     * <p>The buckets refill in real time, as AWS's do: the calls happen in wall time, so the wall time that
     * passes counts; and so does the waiting the local clock skips (a Wait state, a retry delay), which takes
     * no wall time here but is real time in AWS, where a 5-second retry delay gives a bucket 5 seconds of refill.
     */
    public synchronized Faults throttleEc2AtDocumentedRates() {
        return throttleEc2(RequestRates.ec2Documented(accountTime));
    }

    /** EC2 throttles at the documented rates times {@code factor} (see {@link RequestRates#scaled}). */
    public synchronized Faults throttleEc2AtDocumentedRates(double factor) {
        return throttleEc2(RequestRates.ec2Documented(accountTime).scaled(factor));
    }

    /** EC2 throttles by these buckets from now on. */
    public synchronized Faults throttleEc2(RequestRates rates) {
        ec2Rates = rates;
        return this;
    }

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

    /**
     * The error to answer for this call, if any: an injected rule's (spending one use of it), else EC2's
     * throttling when the call finds its token bucket empty.
     */
    Optional<AwsError> next(AwsRequest request) {
        Optional<AwsError> injected = next(request.service(), request.action());
        if (injected.isPresent()) {
            return injected;
        }
        RequestRates rates;
        synchronized (this) {
            rates = ec2Rates;
        }
        return rates == null ? Optional.empty() : rates.take(request);
    }

    /** Drops every rule, the propagation delay and EC2's throttling. */
    public synchronized void clear() {
        rules.clear();
        instanceProfilePropagation = Duration.ZERO;
        ec2Rates = null;
    }

    /** Each service's throttling error: code and status as AWS sends them. */
    public static AwsError throttlingError(String service) {
        return switch (service) {
            case "ec2" -> new AwsError(503, "RequestLimitExceeded", "Request limit exceeded.");
            case "ssm", "states" -> new AwsError(400, "ThrottlingException", "Rate exceeded");
            // Secrets Manager's CommonErrors: ThrottlingException, HTTP 400.
            case "secretsmanager" -> new AwsError(400, "ThrottlingException", "The request was denied due to request throttling.");
            // S3's error responses list: SlowDown, 503, "Please reduce your request rate."
            case "s3" -> new AwsError(503, "SlowDown", "Please reduce your request rate.");
            default -> new AwsError(400, "Throttling", "Rate exceeded");
        };
    }

    /** Each service's internal error: code and status as AWS sends them. */
    public static AwsError serverError(String service) {
        return switch (service) {
            case "ec2" -> new AwsError(500, "InternalError", "An internal error has occurred");
            case "iam" -> new AwsError(500, "ServiceFailure", "The request processing has failed because of an unknown error, exception or failure.");
            case "ssm" -> new AwsError(500, "InternalServerError", "An internal server error occurred");
            // Every Secrets Manager operation's API reference: InternalServiceError, "An error occurred on the server side.", HTTP 500.
            case "secretsmanager" -> new AwsError(500, "InternalServiceError", "An error occurred on the server side.");
            // S3's error responses list: InternalError, 500.
            case "s3" -> new AwsError(500, "InternalError", "We encountered an internal error. Please try again.");
            default -> new AwsError(500, "InternalFailure", "The request processing has failed because of an unknown error, exception or failure.");
        };
    }
}
