package io.consulfactory.local.cloud;

import java.time.Duration;
import java.time.Instant;

/**
 * The local AWS's notion of "now". It moves only when a test or the local runner advances it, so
 * minutes of AWS waiting (instance boot, image creation, IAM propagation) take no real time.
 */
public final class LocalClock {

    private Instant now;

    public LocalClock(Instant start) {
        this.now = start;
    }

    public synchronized Instant now() {
        return now;
    }

    public synchronized void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("the clock only moves forward: " + by);
        }
        now = now.plus(by);
    }
}
