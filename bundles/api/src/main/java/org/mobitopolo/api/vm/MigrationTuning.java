package org.mobitopolo.api.vm;

/**
 * The limits a hypervisor applies to a move in flight.
 *
 * @param downtimeMillis how long the guest may be paused for the last copy
 * @param bandwidthBytesPerSecond cap on the copy rate, {@code 0} for none
 * @param throttleGuest slow the guest's CPUs down when it dirties memory faster than it is copied
 */
public record MigrationTuning(long downtimeMillis, long bandwidthBytesPerSecond, boolean throttleGuest) {}
