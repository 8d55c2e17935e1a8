package org.mobitopolo.api.host;

import java.util.List;

/**
 * What a host offers to the VMs it runs.
 *
 * @param hostname the host's name
 * @param os the kernel name and release, e.g. {@code Linux 6.1.0}
 * @param cpus processors available to the runtime
 * @param memoryTotalBytes physical memory
 * @param memoryAvailableBytes memory available for new processes
 * @param defaultRoute the route to the rest of the world, or {@code null} when the host has none
 * @param interfaces every network interface, loopback included
 * @param hypervisors each hypervisor kind and whether it can run here
 */
public record HostInfo(
        String hostname,
        String os,
        int cpus,
        long memoryTotalBytes,
        long memoryAvailableBytes,
        DefaultRoute defaultRoute,
        List<NetInterface> interfaces,
        List<HypervisorSupport> hypervisors) {

    public HostInfo {
        interfaces = List.copyOf(interfaces);
        hypervisors = List.copyOf(hypervisors);
    }
}
