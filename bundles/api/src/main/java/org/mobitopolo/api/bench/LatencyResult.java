package org.mobitopolo.api.bench;

/**
 * Round-trip times in milliseconds; percentiles by nearest rank.
 *
 * @param method how the samples were taken, e.g. {@code tcp-connect}
 * @param samples samples that got an answer
 * @param lost samples that timed out
 * @param minMillis the fastest
 * @param p50Millis the median
 * @param p90Millis the 90th percentile
 * @param p99Millis the 99th percentile
 * @param maxMillis the slowest
 * @param meanMillis the mean
 */
public record LatencyResult(String method, int samples, int lost, double minMillis, double p50Millis,
        double p90Millis, double p99Millis, double maxMillis, double meanMillis) {}
