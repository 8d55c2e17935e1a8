package org.mobitopolo.api.bench;

/**
 * The outcome of a bandwidth test, both sides' counts.
 *
 * @param bytesSent bytes the sender sent
 * @param bytesReceived bytes the receiver got
 * @param bitsPerSecond receiver throughput
 * @param retransmits TCP retransmits, {@code -1} when unknown
 * @param jitterMillis UDP jitter, {@code 0} for TCP
 * @param lossPercent UDP datagrams lost, {@code 0} for TCP
 * @param seconds how long the receiver measured
 * @param packets UDP datagrams sent, {@code 0} for TCP
 * @param lostPackets UDP datagrams lost, {@code 0} for TCP
 */
public record ProbeResult(long bytesSent, long bytesReceived, double bitsPerSecond, long retransmits,
        double jitterMillis, double lossPercent, double seconds, long packets, long lostPackets) {
    /** A result without duration and packet counts. */
    public ProbeResult(long bytesSent, long bytesReceived, double bitsPerSecond, long retransmits, double jitterMillis,
            double lossPercent) {
        this(bytesSent, bytesReceived, bitsPerSecond, retransmits, jitterMillis, lossPercent, 0, 0, 0);
    }
}
