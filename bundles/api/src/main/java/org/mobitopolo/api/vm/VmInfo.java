package org.mobitopolo.api.vm;

/**
 * A VM as it is now.
 *
 * @param spec what it was defined with
 * @param state where it is in its life
 * @param pid its host process id, or {@code -1} when no process runs
 * @param uptimeMillis how long it has been running, {@code 0} when stopped
 * @param rssBytes host memory its processes use now, {@code 0} when stopped
 * @param detail a line for the user: why it failed, or empty
 */
public record VmInfo(VmSpec spec, VmState state, long pid, long uptimeMillis, long rssBytes, String detail) {}
