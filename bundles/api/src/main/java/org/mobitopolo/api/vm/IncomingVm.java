package org.mobitopolo.api.vm;

/**
 * A VM waiting on its target host for its state.
 *
 * @param vm its name
 * @param memoryUri where the source sends memory and device state, e.g. {@code tcp:10.0.0.2:49152};
 *     empty when moves are not live
 * @param diskUri where the source sends its disk, e.g. {@code nbd://10.0.0.2:49153/disk0}
 */
public record IncomingVm(String vm, String memoryUri, String diskUri) {}
