package io.consulfactory.local.cloud.s3;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A bucket's lifecycle configuration, as far as the local S3 applies it: rules with {@code Status} Enabled, a key
 * prefix ({@code Filter/Prefix}, the older top-level {@code Prefix}, or none: every object), {@code Expiration/Days}
 * and {@code NoncurrentVersionExpiration/NoncurrentDays}. "Amazon S3 calculates the time by adding the number of
 * days specified in the rule to the object creation time and rounding the resulting time to the next day midnight
 * UTC" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html, Expiration); noncurrent
 * versions count from when they became noncurrent. Expiring a current version of a versioned bucket adds a delete
 * marker; of an unversioned one removes it.
 *
 * <p>Simplifications: rules filtered by tags or object size never match (the local S3 keeps no object tags);
 * {@code Expiration/Date}, transitions, {@code NewerNoncurrentVersions}, {@code ExpiredObjectDeleteMarker} and
 * {@code AbortIncompleteMultipartUpload} are stored with the configuration but not applied. S3 runs expiry
 * asynchronously, some time after the due midnight; here it happens in the first simulation step at or after it.
 *
 * @param xml the configuration as put, given back by GetBucketLifecycleConfiguration
 */
record Lifecycle(List<Rule> rules, String xml) {

    /**
     * @param prefix          {@code null} when the rule's filter is not a prefix (then it matches nothing here)
     * @param expirationDays  {@code null} without {@code Expiration/Days}
     * @param noncurrentDays  {@code null} without {@code NoncurrentVersionExpiration/NoncurrentDays}
     */
    record Rule(String id, boolean enabled, String prefix, Integer expirationDays, Integer noncurrentDays) {

        boolean matches(String key) {
            return enabled && prefix != null && key.startsWith(prefix);
        }
    }

    /** When an object made (or made noncurrent) at {@code from} is due after {@code days} days. */
    static Instant due(Instant from, int days) {
        return from.plus(Duration.ofDays(days)).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
    }

    /** Whether the current version made at {@code created} is due by {@code now}. */
    boolean currentExpired(String key, Instant created, Instant now) {
        for (Rule r : rules) {
            if (r.matches(key) && r.expirationDays() != null && !now.isBefore(due(created, r.expirationDays()))) {
                return true;
            }
        }
        return false;
    }

    /** Whether a version noncurrent since {@code since} is due by {@code now}. */
    boolean noncurrentExpired(String key, Instant since, Instant now) {
        for (Rule r : rules) {
            if (r.matches(key) && r.noncurrentDays() != null && !now.isBefore(due(since, r.noncurrentDays()))) {
                return true;
            }
        }
        return false;
    }
}
