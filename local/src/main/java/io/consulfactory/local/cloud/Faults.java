package io.consulfactory.local.cloud;

import io.consulfactory.local.cloud.autoscaling.AutoScalingErrors;
import io.consulfactory.local.cloud.ec2.Ec2Errors;
import io.consulfactory.local.cloud.iam.IamErrors;
import io.consulfactory.local.cloud.s3.S3Errors;
import io.consulfactory.local.cloud.secretsmanager.SecretsManagerErrors;
import io.consulfactory.local.cloud.sfn.SfnErrors;
import io.consulfactory.local.cloud.ssm.SsmErrors;
import io.consulfactory.local.cloud.sts.StsErrors;

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
     * consistent: RunInstances with a brand-new profile fails with {@code InvalidParameterValue};
     * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency).
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

    /** Each service's throttling error, from its catalogue: code, status and message as AWS sends them. */
    public static AwsError throttlingError(String service) {
        return switch (service) {
            case "ec2" -> Ec2Errors.requestLimitExceeded();
            case "autoscaling" -> AutoScalingErrors.throttling();
            case "iam" -> IamErrors.throttling();
            case "sts" -> StsErrors.throttling();
            case "ssm" -> SsmErrors.throttling();
            case "states" -> SfnErrors.throttling();
            case "secretsmanager" -> SecretsManagerErrors.throttling();
            case "s3" -> S3Errors.slowDown();
            default -> new AwsError(400, "Throttling", "Rate exceeded");
        };
    }

    /** Each service's internal error, from its catalogue: code, status and message as AWS sends them. */
    public static AwsError serverError(String service) {
        return switch (service) {
            case "ec2" -> Ec2Errors.internalError();
            case "autoscaling" -> AutoScalingErrors.internalFailure();
            case "iam" -> IamErrors.serviceFailure();
            case "sts" -> StsErrors.internalFailure();
            case "ssm" -> SsmErrors.internalServerError();
            case "states" -> SfnErrors.internalFailure();
            case "secretsmanager" -> SecretsManagerErrors.internalServiceError();
            case "s3" -> S3Errors.internalError();
            default -> new AwsError(500, "InternalFailure", "The request processing has failed because of an unknown error, exception or failure.");
        };
    }
}
