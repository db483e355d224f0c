package io.consulfactory.local.cloud;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local clock's virtual-time scheduler: several executions, one clock, each waiting its own time. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LocalClockTest {

    private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");

    @Test
    void withoutParticipantsASleepAdvancesTheClockAsBefore() {
        LocalClock clock = new LocalClock(T0);

        clock.sleep(Duration.ofMinutes(3));
        clock.sleepUntil(T0.plusSeconds(200));
        clock.sleepUntil(T0); // in the past: no wait

        assertEquals(T0.plusSeconds(200), clock.now());
        assertEquals(0, clock.participants());
    }

    @Test
    void participantsWakeInOrderAtTheirOwnTimes() throws Exception {
        LocalClock clock = new LocalClock(T0);
        List<String> woke = new CopyOnWriteArrayList<>();
        CountDownLatch joined = new CountDownLatch(3);
        List<Thread> threads = List.of(
                participant(clock, joined, () -> { clock.sleep(Duration.ofSeconds(30)); woke.add("a@" + at(clock));
                    clock.sleep(Duration.ofSeconds(60)); woke.add("a@" + at(clock)); }),
                participant(clock, joined, () -> { clock.sleep(Duration.ofSeconds(45)); woke.add("b@" + at(clock)); }),
                participant(clock, joined, () -> { clock.sleep(Duration.ofSeconds(10)); woke.add("c@" + at(clock));
                    clock.sleep(Duration.ofSeconds(10)); woke.add("c@" + at(clock)); }));
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }

        assertEquals(List.of("c@10", "c@20", "a@30", "b@45", "a@90"), woke);
        assertEquals(T0.plusSeconds(90), clock.now());
        assertEquals(0, clock.participants());
    }

    @Test
    void theClockWaitsForABusyParticipant() throws Exception {
        LocalClock clock = new LocalClock(T0);
        CountDownLatch joined = new CountDownLatch(2);
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch sleeperAsleep = new CountDownLatch(1);
        Thread sleeper = participant(clock, joined, () -> { sleeperAsleep.countDown(); clock.sleep(Duration.ofMinutes(5)); });
        Thread worker = participant(clock, joined, () -> {
            await(busy); // calling AWS, say: not sleeping
            clock.sleep(Duration.ofMinutes(10));
        });
        sleeper.start();
        worker.start();
        sleeperAsleep.await();
        Thread.sleep(200);

        assertEquals(T0, clock.now(), "the clock holds while a participant is busy");
        assertTrue(sleeper.isAlive());

        busy.countDown();
        sleeper.join();
        worker.join();
        assertEquals(T0.plus(Duration.ofMinutes(10)), clock.now());
    }

    @Test
    void aParticipantLeavingLetsTheOthersProceed() throws Exception {
        LocalClock clock = new LocalClock(T0);
        CountDownLatch joined = new CountDownLatch(2);
        CountDownLatch leave = new CountDownLatch(1);
        List<Instant> woke = new CopyOnWriteArrayList<>();
        Thread sleeper = participant(clock, joined, () -> { clock.sleep(Duration.ofSeconds(30)); woke.add(clock.now()); });
        Thread leaver = participant(clock, joined, () -> await(leave)); // leaves when its work ends, never sleeping
        sleeper.start();
        leaver.start();
        Thread.sleep(200);
        assertTrue(woke.isEmpty(), "held by the busy participant");

        leave.countDown();
        leaver.join();
        sleeper.join();

        assertEquals(List.of(T0.plusSeconds(30)), woke);
    }

    @Test
    void aThreadThatDidNotJoinTakesPartForItsSleep() throws Exception {
        LocalClock clock = new LocalClock(T0);
        CountDownLatch joined = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread participant = participant(clock, joined, () -> { await(release); clock.sleep(Duration.ofSeconds(20)); });
        participant.start();
        joined.await();
        Thread visitor = new Thread(() -> clock.sleep(Duration.ofSeconds(5)));
        visitor.start();
        visitor.join(200);
        assertTrue(visitor.isAlive(), "a visitor's sleep waits for the busy participant too");

        release.countDown();
        visitor.join();
        participant.join();

        assertEquals(T0.plusSeconds(20), clock.now());
        assertFalse(visitor.isAlive());
    }

    /** A thread that joins the clock, waits until all its fellows joined, runs, and leaves. */
    private static Thread participant(LocalClock clock, CountDownLatch joined, Runnable body) {
        return new Thread(() -> {
            clock.join();
            try {
                joined.countDown();
                await(joined);
                body.run();
            } finally {
                clock.leave();
            }
        });
    }

    private static long at(LocalClock clock) {
        return Duration.between(T0, clock.now()).toSeconds();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
