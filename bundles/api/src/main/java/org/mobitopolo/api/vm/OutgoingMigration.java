package org.mobitopolo.api.vm;

/**
 * Where a move stands on its source host.
 *
 * @param state its state
 * @param rounds memory copy rounds so far (the first copies everything)
 * @param bytes bytes sent so far, disk and memory
 * @param remainingBytes memory still to send in this round
 * @param dirtyBytesPerSecond how fast the guest dirties memory
 * @param expectedDowntimeMillis the pause if the last copy started now
 * @param downtimeMillis the pause the last copy took, once completed
 * @param error why it failed, or empty
 */
public record OutgoingMigration(State state, int rounds, long bytes, long remainingBytes, long dirtyBytesPerSecond,
        long expectedDowntimeMillis, long downtimeMillis, String error) {
    /** The states of a move, in order; the last three are final. */
    public enum State { DISK, MEMORY, SWITCHOVER, COMPLETED, FAILED, CANCELLED }
}
