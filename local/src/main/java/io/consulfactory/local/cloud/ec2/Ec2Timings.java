package io.consulfactory.local.cloud.ec2;

import java.time.Duration;

/**
 * How long EC2 takes, on the local clock. The defaults are realistic (a builder's install takes about three
 * minutes, an image about six); tests and benchmarks pick their own.
 *
 * @param boot      pending to running
 * @param install   running to the bake script's result line and power-off (builders only)
 * @param stop      stopping to stopped
 * @param terminate shutting-down to terminated
 * @param image     an image's pending to available (and its snapshots' pending to completed)
 */
public record Ec2Timings(Duration boot, Duration install, Duration stop, Duration terminate, Duration image) {

    public static Ec2Timings realistic() {
        return new Ec2Timings(Duration.ofSeconds(60), Duration.ofMinutes(3), Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofMinutes(6));
    }
}
