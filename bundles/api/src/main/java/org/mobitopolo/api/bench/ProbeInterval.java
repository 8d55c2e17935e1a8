package org.mobitopolo.api.bench;

/**
 * The figures of one reporting interval.
 *
 * @param startSeconds interval start, from the test start
 * @param endSeconds interval end
 * @param bytes bytes moved in the interval, all streams
 * @param bitsPerSecond the interval's rate
 */
public record ProbeInterval(double startSeconds, double endSeconds, long bytes, double bitsPerSecond) {}
