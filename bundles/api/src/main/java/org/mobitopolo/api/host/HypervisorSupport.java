package org.mobitopolo.api.host;

/**
 * Whether one kind of hypervisor can run on this host.
 *
 * @param type the hypervisor kind, {@code uml} or {@code qemu}
 * @param binary the program that runs it
 * @param usable whether that program is present and executable
 * @param detail its version when usable, otherwise why not
 */
public record HypervisorSupport(String type, String binary, boolean usable, String detail) {}
