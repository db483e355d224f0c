package io.consulfactory.snapshot;

import io.consulfactory.lambda.PollState;

/**
 * Where a snapshot (or restore) request stands: the state machine keeps it (under {@code $.snapshot} or
 * {@code $.restore}) and chooses on {@code status}; the next check gets it back as {@code request}.
 *
 * @param status           {@link PollState#PENDING}, {@link PollState#READY} or {@link PollState#FAILED}
 * @param requestId        the id tagged on the servers ({@code consul-snapshot-request}); for a restore, the key tagged
 *                         ({@code consul-restore-request})
 * @param key              the snapshot's object key in the bucket ({@code <cluster>/<yyyyMMdd'T'HHmmss'Z'>-<index>.snap}),
 *                         once READY (a restore: the key restored)
 * @param reason           why it failed, or what it waits for
 * @param checks           checks so far
 * @param nextCheckSeconds while PENDING, how long the state machine waits before the next check; 0 otherwise
 */
public record SnapshotStatus(PollState status, String requestId, String key, String reason, int checks, int nextCheckSeconds) {

    /**
     * The leader answers on its next 30 s status run and prints its line at once (a snapshot of a small cluster takes
     * a second); 15 s more covers the console's lag (GetConsoleOutput with Latest=true).
     */
    static final int FIRST_CHECK_SECONDS = 45;
    static final int CHECK_SECONDS = 15;

    /** Just asked (or restarted): PENDING, the first check after {@value #FIRST_CHECK_SECONDS} s. */
    public static SnapshotStatus requested(String requestId, String reason) {
        return new SnapshotStatus(PollState.PENDING, requestId, null, reason, 0, FIRST_CHECK_SECONDS);
    }

    /** This request checked once more and still waiting. */
    public SnapshotStatus pending(String reason) {
        return new SnapshotStatus(PollState.PENDING, requestId, null, reason, checks + 1, CHECK_SECONDS);
    }

    /** This request checked once more and answered, with the key written (or restored). */
    public SnapshotStatus ready(String key) {
        return new SnapshotStatus(PollState.READY, requestId, key, null, checks + 1, 0);
    }

    /** This request checked once more and refused, or out of checks. */
    public SnapshotStatus failed(String reason) {
        return new SnapshotStatus(PollState.FAILED, requestId, key, reason, checks + 1, 0);
    }

    /** FAILED before anything was asked (no server to ask). */
    public static SnapshotStatus failedAtOnce(String requestId, String reason) {
        return new SnapshotStatus(PollState.FAILED, requestId, null, reason, 0, 0);
    }
}
