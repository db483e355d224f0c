package io.consulfactory.snapshot;

/**
 * Where a snapshot (or restore) request stands: the state machine keeps it (under {@code $.snapshot} or
 * {@code $.restore}) and chooses on {@code status}; the next check gets it back as {@code request}.
 *
 * @param status           {@link #PENDING}, {@link #READY} or {@link #FAILED}
 * @param requestId        the id tagged on the servers ({@code consul-snapshot-request}); for a restore, the key tagged
 *                         ({@code consul-restore-request})
 * @param key              the snapshot's object key in the bucket ({@code <cluster>/<yyyyMMdd'T'HHmmss'Z'>-<index>.snap}),
 *                         once READY (a restore: the key restored)
 * @param reason           why it failed, or what it waits for
 * @param checks           checks so far
 * @param nextCheckSeconds while PENDING, how long the state machine waits before the next check; 0 otherwise
 */
public record SnapshotStatus(String status, String requestId, String key, String reason, int checks, int nextCheckSeconds) {

    public static final String PENDING = "PENDING";
    public static final String READY = "READY";
    public static final String FAILED = "FAILED";

    /**
     * The leader answers on its next 30 s status run and prints its line at once (a snapshot of a small cluster takes
     * a second); 15 s more covers the console's lag (GetConsoleOutput with Latest=true).
     */
    static final int FIRST_CHECK_SECONDS = 45;
    static final int CHECK_SECONDS = 15;

    static SnapshotStatus requested(String requestId, String reason) {
        return new SnapshotStatus(PENDING, requestId, null, reason, 0, FIRST_CHECK_SECONDS);
    }

    SnapshotStatus pending(String reason) {
        return new SnapshotStatus(PENDING, requestId, null, reason, checks + 1, CHECK_SECONDS);
    }

    SnapshotStatus ready(String key) {
        return new SnapshotStatus(READY, requestId, key, null, checks + 1, 0);
    }

    SnapshotStatus failed(String reason) {
        return new SnapshotStatus(FAILED, requestId, key, reason, checks + 1, 0);
    }

    static SnapshotStatus failedAtOnce(String requestId, String reason) {
        return new SnapshotStatus(FAILED, requestId, null, reason, 0, 0);
    }
}
