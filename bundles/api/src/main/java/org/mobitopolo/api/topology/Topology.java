package org.mobitopolo.api.topology;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A distributed application as its file declares it, checked, with every NIC's MAC filled in. Made by
 * {@link TopologyPlanner#read}; the planner trusts a topology to be as that method checks it.
 *
 * @param name its name, unique among the controller's topologies
 * @param hosts the hosts its nodes may run on, in the file's order ({@code local} alone when the file names none)
 * @param networks its networks, in the file's order
 * @param nodes its VMs, in the file's order
 * @param hostLinks impairments between pairs of hosts
 * @param images the guest images it builds from Debian packages, in the file's order
 */
public record Topology(String name, List<TopologyHost> hosts, List<TopologyNetwork> networks, List<TopologyNode> nodes,
        List<HostLink> hostLinks, List<TopologyImage> images) {
    /** Checks that no part is missing and copies the lists. */
    public Topology {
        requireNonNull(name, "name");
        hosts = List.copyOf(hosts);
        networks = List.copyOf(networks);
        nodes = List.copyOf(nodes);
        hostLinks = hostLinks == null ? List.of() : List.copyOf(hostLinks);
        images = images == null ? List.of() : List.copyOf(images);
    }

    /** A topology that builds no images. */
    public Topology(String name, List<TopologyHost> hosts, List<TopologyNetwork> networks, List<TopologyNode> nodes,
            List<HostLink> hostLinks) {
        this(name, hosts, networks, nodes, hostLinks, List.of());
    }

    /** The image of that name the file declares. */
    public Optional<TopologyImage> image(String imageName) {
        return images.stream().filter(i -> i.name().equals(imageName)).findFirst();
    }

    /** The node of that name. */
    public Optional<TopologyNode> node(String nodeName) {
        return nodes.stream().filter(n -> n.name().equals(nodeName)).findFirst();
    }

    /** The host of that name. */
    public Optional<TopologyHost> host(String hostName) {
        return hosts.stream().filter(h -> h.name().equals(hostName)).findFirst();
    }
}
