package org.mobitopolo.api.bench;

/**
 * The figures of one reporting interval, all streams together, as the measuring side saw them.
 *
 * @param startSeconds interval start, from the test start
 * @param endSeconds interval end
 * @param bytes bytes moved in the interval, all streams
 * @param bitsPerSecond the interval's rate
 * @param packets UDP datagrams in the interval, {@code 0} for TCP
 * @param lostPackets UDP datagrams missing in the interval (receiving side only), {@code 0} for TCP
 * @param jitterMillis UDP jitter at the interval's end (receiving side only), {@code 0} for TCP
 */
public record ProbeInterval(double startSeconds, double endSeconds, long bytes, double bitsPerSecond, long packets,
        long lostPackets, double jitterMillis) {
    /** A TCP interval. */
    public ProbeInterval(double startSeconds, double endSeconds, long bytes, double bitsPerSecond) {
        this(startSeconds, endSeconds, bytes, bitsPerSecond, 0, 0, 0);
    }
}
