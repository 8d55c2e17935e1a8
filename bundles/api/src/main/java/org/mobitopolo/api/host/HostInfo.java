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
 * @param cpuBusyPercent the share of the host's CPU time spent busy, all CPUs together, since a read at
 *     least a second earlier (since boot at the first); -1 where unknown
 * @param loadAverage the kernel's load averages over 1, 5 and 15 minutes; empty where unknown
 */
public record HostInfo(
        String hostname,
        String os,
        int cpus,
        long memoryTotalBytes,
        long memoryAvailableBytes,
        DefaultRoute defaultRoute,
        List<NetInterface> interfaces,
        List<HypervisorSupport> hypervisors,
        double cpuBusyPercent,
        List<Double> loadAverage) {

    public HostInfo {
        interfaces = List.copyOf(interfaces);
        hypervisors = List.copyOf(hypervisors);
        loadAverage = loadAverage == null ? List.of() : List.copyOf(loadAverage);
    }

    /** Facts without the CPU's load. */
    public HostInfo(String hostname, String os, int cpus, long memoryTotalBytes, long memoryAvailableBytes,
            DefaultRoute defaultRoute, List<NetInterface> interfaces, List<HypervisorSupport> hypervisors) {
        this(hostname, os, cpus, memoryTotalBytes, memoryAvailableBytes, defaultRoute, interfaces, hypervisors, -1, List.of());
    }
}
