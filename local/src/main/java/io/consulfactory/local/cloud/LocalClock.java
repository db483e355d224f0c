package io.consulfactory.local.cloud;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The local AWS's notion of "now". It moves only when a test or the local runner advances it, so
 * minutes of AWS waiting (instance boot, image creation, IAM propagation) take no real time.
 *
 * <p>Several executions share one clock through a virtual-time scheduler (discrete-event simulation): the
 * threads that take part {@link #join()}; {@link #sleep} blocks a participant until the clock reaches its
 * wake-up time, and the clock jumps to the earliest wake-up only when every participant is asleep. A
 * participant that is busy (calling AWS, running a handler) holds the clock where it is until it sleeps or
 * {@link #leave()}s. With no participants, {@code sleep} simply advances the clock, as a single execution
 * (a test, LocalRun) always has.
 */
public final class LocalClock implements TimeSource {

    private Instant now;
    private final Set<Thread> participants = new HashSet<>();
    private final Map<Thread, Instant> sleeping = new HashMap<>();

    public LocalClock(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    public synchronized void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("the clock only moves forward: " + by);
        }
        now = now.plus(by);
        notifyAll();
    }

    /** The calling thread takes part in the clock: the clock will not move past it while it is busy. */
    public synchronized void join() {
        participants.add(Thread.currentThread());
    }

    /** The calling thread stops taking part; if everyone left is asleep, the clock moves on. */
    public synchronized void leave() {
        participants.remove(Thread.currentThread());
        sleeping.remove(Thread.currentThread());
        jumpIfAllAsleep();
    }

    /** How many threads take part now. */
    public synchronized int participants() {
        return participants.size();
    }

    /** Waits {@code duration} of local time (see the class comment). */
    @Override
    public void sleep(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a sleep cannot be negative: " + duration);
        }
        synchronized (this) {
            sleepUntil(now.plus(duration));
        }
    }

    /**
     * Waits until local time {@code until}. A thread that has not joined takes part for the length of its sleep,
     * so with no one else taking part the clock moves straight to {@code until}.
     */
    @Override
    public synchronized void sleepUntil(Instant until) {
        if (!until.isAfter(now)) {
            return;
        }
        Thread me = Thread.currentThread();
        boolean visitor = participants.add(me);
        sleeping.put(me, until);
        try {
            jumpIfAllAsleep();
            while (now.isBefore(until)) {
                wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sleeping on the local clock", e);
        } finally {
            sleeping.remove(me);
            if (visitor) {
                participants.remove(me);
                jumpIfAllAsleep();
            }
        }
    }

    /** When every participant sleeps, the clock jumps to the earliest wake-up and wakes whoever is due. */
    private void jumpIfAllAsleep() {
        if (participants.isEmpty() || !sleeping.keySet().containsAll(participants)) {
            return;
        }
        Instant earliest = null;
        for (Thread t : participants) {
            Instant wake = sleeping.get(t);
            if (earliest == null || wake.isBefore(earliest)) {
                earliest = wake;
            }
        }
        if (earliest.isAfter(now)) {
            now = earliest;
        }
        notifyAll();
    }
}
