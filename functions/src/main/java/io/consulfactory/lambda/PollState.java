package io.consulfactory.lambda;

/**
 * Where a polled step stands: the {@code status} of every poll result ({@code InstallStatus}, {@code ImageStatus},
 * {@code ClusterStatus}, {@code SnapshotStatus}, {@code Removal}). The state machine's Choice states read
 * {@code $.<step>.status} with {@code StringEquals}, and its JSON is the constant's name ({@code "READY"}), as it
 * was when each step declared its own strings.
 *
 * <p>A Choice state that matches neither {@link #READY}/{@link #DONE} nor {@link #FAILED} falls to its Default, a Wait
 * state of {@code nextCheckSeconds} before the next check: that is how {@link #PENDING} is read.
 */
public enum PollState {

    /** Not there yet: the Choice's Default waits {@code nextCheckSeconds}, then checks again with this result. */
    PENDING,

    /** A check's goal is reached (the install, the image, the cluster, the snapshot or restore): the workflow goes on. */
    READY,

    /** It will not get there: the Choice leaves the poll loop for the workflow's failure path, which reports the {@code reason}. */
    FAILED,

    /** A teardown step removed everything it removes (a {@code Removal}): the Choice goes on to the next step. */
    DONE
}
