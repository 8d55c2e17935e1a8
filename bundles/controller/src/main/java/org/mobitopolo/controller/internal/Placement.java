package org.mobitopolo.controller.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mobitopolo.api.topology.DeployedHost;
import org.mobitopolo.api.topology.Deployment;
import org.mobitopolo.api.topology.HostCapacity;
import org.mobitopolo.api.topology.Topology;
import org.mobitopolo.api.topology.TopologyHost;
import org.mobitopolo.api.topology.TopologyNode;

/**
 * Where each node runs. A node's own {@code host} wins; else a node already deployed stays where it is
 * (a re-plan never moves what the file does not ask to move); else the reachable host that can run its
 * hypervisor, has its snapshot (or else fetches it from one that has) and has the most memory left
 * after the nodes placed before it, the file's first among equals. The largest nodes are placed first, so that a big node is not left without
 * room by small ones. Same input, same placement.
 */
final class Placement {
    private Placement() {}

    static Map<String, String> place(Topology t, Deployment current, Collection<HostCapacity> capacity, Problems problems) {
        Map<String, HostCapacity> caps = new HashMap<>();
        capacity.forEach(c -> caps.put(c.host(), c));
        Map<String, Integer> order = new HashMap<>();
        for (TopologyHost h : t.hosts()) {
            order.put(h.name(), order.size());
        }
        Map<String, String> deployedAt = new HashMap<>();
        current.hosts().values().stream().sorted(Comparator.comparing(DeployedHost::host))
                .forEach(h -> h.vms().keySet().forEach(vm -> deployedAt.putIfAbsent(vm, h.host())));
        Map<String, Long> free = new HashMap<>();
        caps.forEach((h, c) -> free.put(h, c.freeMemoryMb()));
        Set<String> snapshots = new HashSet<>(); // a host that lacks one fetches it from one that has it
        caps.values().forEach(c -> snapshots.addAll(c.snapshots()));

        Map<String, String> placed = new LinkedHashMap<>();
        List<TopologyNode> automatic = new ArrayList<>();
        for (TopologyNode n : t.nodes()) {
            String was = deployedAt.get(n.name());
            String host = !n.host().isEmpty() ? n.host() : was != null && order.containsKey(was) ? was : null;
            if (host == null) {
                automatic.add(n);
                continue;
            }
            placed.put(n.name(), host);
            if (!host.equals(was)) {
                // New on that host: it must be reachable and able to run the node. One already there runs.
                String why = unfit(n, host, caps.get(host), free, snapshots);
                if (why != null) {
                    problems.add("nodes." + n.name() + ".host", Tree.Pos.NONE, "cannot run on " + host + ": " + why);
                } else {
                    free.merge(host, (long) -n.memoryMb(), Long::sum);
                }
            }
        }
        automatic.sort(Comparator.comparingInt(TopologyNode::memoryMb).reversed().thenComparing(TopologyNode::name));
        for (TopologyNode n : automatic) {
            String best = null;
            List<String> refusals = new ArrayList<>();
            for (TopologyHost h : t.hosts()) {
                String why = unfit(n, h.name(), caps.get(h.name()), free, snapshots);
                if (why != null) {
                    refusals.add(h.name() + ": " + why);
                } else if (best == null || better(n, h.name(), best, caps, free)) {
                    best = h.name();
                }
            }
            if (best == null) {
                problems.add("nodes." + n.name(), Tree.Pos.NONE, "no host can run it (" + String.join("; ", refusals) + ")");
            } else {
                placed.put(n.name(), best);
                free.merge(best, (long) -n.memoryMb(), Long::sum);
            }
        }
        // The file's order, whatever order the nodes were placed in.
        Map<String, String> inFileOrder = new LinkedHashMap<>();
        t.nodes().forEach(n -> {
            if (placed.containsKey(n.name())) {
                inFileOrder.put(n.name(), placed.get(n.name()));
            }
        });
        return inFileOrder;
    }

    /** A host that has the node's snapshot (nothing to fetch) before one that has more memory free. */
    private static boolean better(TopologyNode n, String host, String best, Map<String, HostCapacity> caps, Map<String, Long> free) {
        if (n.image().startsWith("snapshot:")) {
            String snapshot = n.image().substring(9);
            boolean here = caps.get(host).snapshots().contains(snapshot);
            if (here != caps.get(best).snapshots().contains(snapshot)) {
                return here;
            }
        }
        return free.get(host) > free.get(best);
    }

    private static String unfit(TopologyNode n, String host, HostCapacity c, Map<String, Long> free, Set<String> snapshots) {
        if (c == null) {
            return "unreachable (no facts from it)";
        }
        if (!c.hypervisors().contains(n.hypervisor())) {
            return n.hypervisor() + " cannot run there (usable: " + (c.hypervisors().isEmpty() ? "none"
                    : String.join(", ", c.hypervisors().stream().sorted().toList())) + ")";
        }
        if (n.image().startsWith("snapshot:") && !snapshots.contains(n.image().substring(9))) {
            return "no host of the topology has snapshot " + n.image().substring(9);
        }
        long left = free.getOrDefault(host, 0L);
        if (left < n.memoryMb()) {
            return "needs " + n.memoryMb() + " MiB, " + Math.max(0, left) + " MiB free";
        }
        return null;
    }
}
