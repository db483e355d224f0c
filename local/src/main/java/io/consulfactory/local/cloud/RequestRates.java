package io.consulfactory.local.cloud;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * EC2's request throttling: token buckets per account, per Region and per API action, at the sizes and refill
 * rates AWS documents in "Request throttling for the Amazon EC2 API"
 * (https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html).
 *
 * <ul>
 *   <li>Request rate limiting: each request takes one token from its action's bucket. The bucket's size and
 *       refill rate come from the action's category: non-mutating ({@code Describe*}, {@code Get*}, …) 100
 *       and 20/s; the same actions of the "unfiltered and unpaginated" list asked without a filter or
 *       pagination 50 and 10/s, from a bucket of their own; mutating 50 and 5/s; resource-intensive (e.g.
 *       {@code AuthorizeSecurityGroupIngress}) 50 and 5/s; and the uncategorized actions their own
 *       ({@code RunInstances} 5 and 2/s, {@code CreateTags} 100 and 10/s, …).</li>
 *   <li>Resource rate limiting, in addition: {@code RunInstances} and {@code StartInstances} take one token
 *       per instance from a bucket of 1000 refilled at 2/s, {@code TerminateInstances} and
 *       {@code StopInstances} from one of 1000 refilled at 20/s.</li>
 * </ul>
 * A request without its tokens is answered {@code RequestLimitExceeded} (HTTP 503) and takes nothing; any
 * other request takes its tokens whatever its outcome.
 *
 * <p>Simplifications: only the actions the local EC2 serves are listed (the others fall in their category
 * by name); "filtered" means a {@code Filter.N} parameter and "paginated" {@code MaxResults} or
 * {@code NextToken} (ids alone count as neither); the console's own bucket does not apply (no console);
 * {@code RunInstances} takes {@code MaxCount} resource tokens; the calls Auto Scaling makes to EC2 on the
 * account's behalf are not counted. Buckets start full, refill continuously rather than once a second, and
 * a region's buckets live for the life of the local AWS (AWS's own numbers are per Region).
 *
 * <p>Time: the caller's time source. Buckets refill in real time, as AWS's do; see
 * {@link Faults#throttleEc2AtDocumentedRates()} for how the local AWS counts it.
 */
public final class RequestRates {

    /** A bucket's size and how many tokens it regains a second. */
    public record Rate(double capacity, double refillPerSecond) {
    }

    static final Rate NON_MUTATING = new Rate(100, 20);
    static final Rate UNFILTERED_NON_MUTATING = new Rate(50, 10);
    static final Rate MUTATING = new Rate(50, 5);
    static final Rate RESOURCE_INTENSIVE = new Rate(50, 5);

    /** The "unfiltered and unpaginated non-mutating actions" of the documented table. */
    private static final java.util.Set<String> UNFILTERED_LIST = java.util.Set.of("DescribeInstances",
            "DescribeInstanceStatus", "DescribeNetworkInterfaces", "DescribeSecurityGroups", "DescribeSnapshots",
            "DescribeSpotInstanceRequests", "DescribeVolumes");

    /** The resource-intensive actions of the documented table. */
    private static final java.util.Set<String> RESOURCE_INTENSIVE_LIST = java.util.Set.of("AcceptVpcPeeringConnection",
            "AuthorizeSecurityGroupIngress", "CancelSpotInstanceRequests", "CreateKeyPair", "CreateVpcPeeringConnection",
            "DeleteVpcPeeringConnection", "RejectVpcPeeringConnection", "RevokeSecurityGroupIngress", "RequestSpotInstances");

    /** The uncategorized actions of the documented table that the local EC2 serves (or the product might call). */
    private static final Map<String, Rate> UNCATEGORIZED = Map.ofEntries(
            Map.entry("CreateLaunchTemplateVersion", new Rate(100, 5)),
            Map.entry("CreateSnapshot", new Rate(100, 5)),
            Map.entry("CreateTags", new Rate(100, 10)),
            Map.entry("CreateVolume", new Rate(100, 5)),
            Map.entry("CopyImage", new Rate(100, 1)),
            Map.entry("DeleteSnapshot", new Rate(100, 5)),
            Map.entry("DeleteTags", new Rate(100, 10)),
            Map.entry("DeleteVolume", new Rate(100, 5)),
            Map.entry("DeregisterImage", new Rate(100, 5)),
            Map.entry("AssociateIamInstanceProfile", new Rate(100, 5)),
            Map.entry("ModifyImageAttribute", new Rate(100, 5)),
            Map.entry("ModifyInstanceMetadataOptions", new Rate(100, 5)),
            Map.entry("ModifyLaunchTemplate", new Rate(100, 5)),
            Map.entry("ModifySnapshotAttribute", new Rate(100, 5)),
            Map.entry("RunInstances", new Rate(5, 2)),
            Map.entry("StartInstances", new Rate(5, 2)),
            Map.entry("TerminateInstances", new Rate(100, 5)));

    /** Resource token buckets: one token per instance the request acts on. */
    private static final Map<String, Rate> RESOURCE = Map.of(
            "RunInstances", new Rate(1000, 2),
            "StartInstances", new Rate(1000, 2),
            "TerminateInstances", new Rate(1000, 20),
            "StopInstances", new Rate(1000, 20));

    private static final class Bucket {
        final Rate rate;
        double tokens;
        long refilledAt;

        Bucket(Rate rate, long now) {
            this.rate = rate;
            this.tokens = rate.capacity();
            this.refilledAt = now;
        }

        void refill(long now) {
            if (now > refilledAt) {
                tokens = Math.min(rate.capacity(), tokens + (now - refilledAt) / 1e9 * rate.refillPerSecond());
                refilledAt = now;
            }
        }
    }

    private final LongSupplier nanos;
    private final double scale;
    private final Map<String, Bucket> buckets = new HashMap<>();

    private RequestRates(LongSupplier nanos, double scale) {
        this.nanos = nanos;
        this.scale = scale;
    }

    /** EC2's documented rates, on the given time source (nanoseconds, like {@link System#nanoTime()}). */
    public static RequestRates ec2Documented(LongSupplier nanos) {
        return new RequestRates(nanos, 1);
    }

    /**
     * The documented rates times {@code factor}: every bucket's size (at least one token) and refill rate. For
     * tests that want throttling from a few executions, as a busier account would see it.
     */
    public RequestRates scaled(double factor) {
        if (factor <= 0) {
            throw new IllegalArgumentException("a scale above zero: " + factor);
        }
        return new RequestRates(nanos, scale * factor);
    }

    /** The request bucket's rate for an EC2 action (unscaled), as asked with or without a filter or pagination. */
    public static Rate requestRate(String action, boolean filteredOrPaginated) {
        Rate own = UNCATEGORIZED.get(action);
        if (own != null) {
            return own;
        }
        if (RESOURCE_INTENSIVE_LIST.contains(action)) {
            return RESOURCE_INTENSIVE;
        }
        if (action.matches("(Describe|List|Search|Get).*")) {
            return UNFILTERED_LIST.contains(action) && !filteredOrPaginated ? UNFILTERED_NON_MUTATING : NON_MUTATING;
        }
        return MUTATING;
    }

    /** The resource bucket's rate for an EC2 action, or {@code null} when it has none. */
    public static Rate resourceRate(String action) {
        return RESOURCE.get(action);
    }

    /**
     * Takes the request's tokens, or answers the error EC2 answers when a bucket is short (taking nothing).
     * Requests to other services are not throttled.
     */
    synchronized Optional<AwsError> take(AwsRequest request) {
        if (!request.service().equals("ec2")) {
            return Optional.empty();
        }
        QueryParams p = request.params();
        boolean filteredOrPaginated = p.has("MaxResults") || p.has("NextToken") || p.has("Filter.1.Name");
        return take(request.region(), request.action(), filteredOrPaginated, resources(request.action(), p));
    }

    /** Takes one request token and {@code resources} resource tokens, or throttles; package-visible for tests. */
    synchronized Optional<AwsError> take(String region, String action, boolean filteredOrPaginated, int resources) {
        long now = nanos.getAsLong();
        boolean unfiltered = UNFILTERED_LIST.contains(action) && !filteredOrPaginated;
        Bucket request = bucket(region + "/" + action + (unfiltered ? "/unfiltered" : ""),
                requestRate(action, filteredOrPaginated), now);
        Rate resourceRate = resourceRate(action);
        Bucket resource = resourceRate == null ? null : bucket(region + "/" + action + "/resources", resourceRate, now);
        if (request.tokens < 1 || (resource != null && resource.tokens < Math.min(resources, resource.rate.capacity()))) {
            return Optional.of(Faults.throttlingError("ec2"));
        }
        request.tokens -= 1;
        if (resource != null) {
            resource.tokens -= Math.min(resources, resource.rate.capacity());
        }
        return Optional.empty();
    }

    /** Tokens now in an action's request bucket (for tests). */
    synchronized double tokens(String region, String action, boolean filteredOrPaginated) {
        boolean unfiltered = UNFILTERED_LIST.contains(action) && !filteredOrPaginated;
        return bucket(region + "/" + action + (unfiltered ? "/unfiltered" : ""), requestRate(action, filteredOrPaginated),
                nanos.getAsLong()).tokens;
    }

    private Bucket bucket(String key, Rate documented, long now) {
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(
                new Rate(Math.max(1, documented.capacity() * scale), documented.refillPerSecond() * scale), now));
        bucket.refill(now);
        return bucket;
    }

    /** How many instances a request acts on: its resource tokens. */
    private static int resources(String action, QueryParams p) {
        return switch (action) {
            case "RunInstances" -> {
                try {
                    yield Math.max(1, Integer.parseInt(p.get("MaxCount", "1")));
                } catch (NumberFormatException e) {
                    yield 1; // EC2 rejects the request itself after this
                }
            }
            case "StartInstances", "TerminateInstances", "StopInstances" -> Math.max(1, p.strings("InstanceId").size());
            default -> 0;
        };
    }
}
