package io.consulfactory.local.bench;

import java.util.Arrays;

/** Measured durations or sizes, sorted: the order statistics a benchmark reports. */
public final class Samples {

    private final double[] sorted;

    private Samples(double[] values) {
        this.sorted = values.clone();
        Arrays.sort(sorted);
    }

    public static Samples of(double... values) {
        return new Samples(values);
    }

    public static Samples of(java.util.Collection<? extends Number> values) {
        return new Samples(values.stream().mapToDouble(Number::doubleValue).toArray());
    }

    public int count() {
        return sorted.length;
    }

    /** The middle value; the mean of the two middle ones for an even count; NaN when empty. */
    public double median() {
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * The nearest-rank percentile: the smallest value with at least {@code p}% of the samples at or below it
     * (so the 99th of 200 samples is the 198th smallest; of 50 samples, the largest). NaN when empty.
     */
    public double percentile(double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile in (0, 100]: " + p);
        }
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        // p * n first: 99 * 200 / 100 is exactly 198, 0.99 * 200 is not
        int rank = (int) Math.ceil(p * n / 100 - 1e-9);
        return sorted[Math.max(rank, 1) - 1];
    }

    public double p99() {
        return percentile(99);
    }

    public double min() {
        return sorted.length == 0 ? Double.NaN : sorted[0];
    }

    public double max() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    }
}
