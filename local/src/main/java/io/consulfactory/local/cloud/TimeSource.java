package io.consulfactory.local.cloud;

import java.time.Duration;
import java.time.Instant;

/**
 * The local AWS's time as a workflow runner needs it: what time it is, and waiting on it. The {@link LocalClock}
 * of a local AWS in the same JVM is one; {@link RemoteClock} is the clock of a local AWS in another process
 * ({@link LocalAwsMain}), moved through its control endpoint.
 */
public interface TimeSource {

    Instant now();

    /** Waits {@code duration} of local time (no real time when nothing else runs). */
    void sleep(Duration duration);

    /** Waits until local time {@code until}. */
    void sleepUntil(Instant until);
}
