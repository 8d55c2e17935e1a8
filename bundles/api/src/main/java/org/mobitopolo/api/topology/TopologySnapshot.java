package org.mobitopolo.api.topology;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * A distributed snapshot: one consistent cut of a whole topology (every running node frozen before
 * any was copied, all resumed after), with what it takes to make the topology again from it: its file,
 * its hosts and where each node ran. A file with {@code from-snapshot: NAME} deploys it, on the same
 * hosts or others (docs/TOPOLOGY.md).
 *
 * @param name its name, unique in the store
 * @param topology the topology it was taken of
 * @param createdAtMillis when the cut was taken, epoch milliseconds
 * @param source the topology's file as it was applied then
 * @param hosts the topology's hosts then, name to URL ({@link TopologyHost#LOCAL} for the controller's runtime)
 * @param nodes every node's part, by node name
 */
public record TopologySnapshot(String name, String topology, long createdAtMillis, String source, Map<String, String> hosts,
        Map<String, Node> nodes) {
    /**
     * One node's part of the cut.
     *
     * @param host the host it ran on, which keeps {@link #snapshot}
     * @param snapshot the VM snapshot taken of it there ({@code image: snapshot:NAME})
     * @param hypervisor its hypervisor: a QEMU node made from it resumes where it was, a UML node boots from its disk
     * @param running whether it ran at the cut (a stopped node's snapshot is its disk alone)
     * @param macs its NICs' MACs, in order: a node made again keeps them, as its guest knows them
     */
    public record Node(String host, String snapshot, String hypervisor, boolean running, List<String> macs) {
        /** Checks that no part is missing and copies the list. */
        public Node {
            requireNonNull(host, "host");
            requireNonNull(snapshot, "snapshot");
            requireNonNull(hypervisor, "hypervisor");
            macs = List.copyOf(macs);
        }
    }

    /** Checks that no part is missing and copies the maps. */
    public TopologySnapshot {
        requireNonNull(name, "name");
        requireNonNull(topology, "topology");
        requireNonNull(source, "source");
        hosts = Map.copyOf(hosts);
        nodes = Map.copyOf(nodes);
    }
}
