package org.mobitopolo.api.net;

/**
 * What a link does to the frames that cross it, emulated in user space (the kernel here has no
 * netem). Applied where frames leave the switch towards a port, as netem shapes an interface's
 * egress: shape both ends of a path to delay both directions.
 *
 * @param delayMillis fixed one-way delay
 * @param jitterMillis random extra delay, uniform in [0, jitter]; frames keep their order
 * @param rateBitsPerSecond rate limit, {@code 0} for none; frames queue beyond it, up to a second's worth
 * @param lossPercent share of frames dropped at random, 0-100
 */
public record LinkShape(long delayMillis, long jitterMillis, long rateBitsPerSecond, double lossPercent) {
    /** A link that does nothing to frames. */
    public static final LinkShape NONE = new LinkShape(0, 0, 0, 0);

    public LinkShape {
        if (delayMillis < 0 || jitterMillis < 0 || rateBitsPerSecond < 0 || lossPercent < 0 || lossPercent > 100) {
            throw new IllegalArgumentException("delay, jitter and rate must be >= 0 and loss 0-100 %");
        }
    }

    /** Whether frames go through untouched. */
    public boolean isNone() {
        return equals(NONE);
    }
}
