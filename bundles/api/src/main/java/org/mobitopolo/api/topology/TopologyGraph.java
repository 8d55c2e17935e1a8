package org.mobitopolo.api.topology;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.mobitopolo.api.net.LinkShape;

/**
 * A topology as a graph, for drawing: its hosts, the VMs on each coloured by state, the networks
 * their NICs join and the tunnels between hosts. What the DOT and SVG of
 * {@link TopologyController#graph(String, TopologyController.GraphFormat)} draw, as data.
 *
 * @param topology the topology's name
 * @param hosts the topology's hosts, the file's first; a host the journal knows but the file no longer
 *     names comes after them
 * @param vms every node of the file and every VM the hosts have of the topology, by name
 * @param networks the file's networks
 * @param tunnels one per pair of hosts with a tunnel between them, the pair in name order
 */
public record TopologyGraph(String topology, List<Host> hosts, List<Vm> vms, List<Network> networks, List<Tunnel> tunnels) {
    /** Checks that no part is missing and copies the lists. */
    public TopologyGraph {
        requireNonNull(topology, "topology");
        hosts = List.copyOf(hosts);
        vms = List.copyOf(vms);
        networks = List.copyOf(networks);
        tunnels = List.copyOf(tunnels);
    }

    /** Where a VM of the graph is. */
    public enum VmState {
        /** Deployed on its host, running. */
        RUNNING,
        /** Deployed on its host, not running (died, or stopped by hand). */
        NOT_RUNNING,
        /** In the file, not (yet) on any host. */
        NOT_DEPLOYED
    }

    /**
     * @param name the topology's name for it
     * @param url its REST URL as the file gives it ({@code local} for the controller's own), empty for a
     *     host the file no longer names
     */
    public record Host(String name, String url) {
        /** Checks that no part is missing. */
        public Host {
            requireNonNull(name, "name");
            url = url == null ? "" : url;
        }
    }

    /**
     * @param name the node's name
     * @param host where it is, else where it is to run, else empty
     * @param hypervisor its hypervisor, empty for a VM the file no longer names
     * @param state whether it runs there
     * @param nics its NICs as the file declares them
     */
    public record Vm(String name, String host, String hypervisor, VmState state, List<Nic> nics) {
        /** Checks that no part is missing and copies the list. */
        public Vm {
            requireNonNull(name, "name");
            host = host == null ? "" : host;
            hypervisor = hypervisor == null ? "" : hypervisor;
            requireNonNull(state, "state");
            nics = List.copyOf(nics);
        }
    }

    /**
     * @param network the network it joins
     * @param mac its MAC address
     * @param address its address there, CIDR, or empty
     * @param impairment the shape of what it sends
     */
    public record Nic(String network, String mac, String address, LinkShape impairment) {
        /** Checks that no part is missing. */
        public Nic {
            requireNonNull(network, "network");
            requireNonNull(mac, "mac");
            address = address == null ? "" : address;
            requireNonNull(impairment, "impairment");
        }
    }

    /**
     * @param name the network's name
     * @param subnet its IPv4 subnet, CIDR, or empty
     */
    public record Network(String name, String subnet) {
        /** Checks that no part is missing. */
        public Network {
            requireNonNull(name, "name");
            subnet = subnet == null ? "" : subnet;
        }
    }

    /**
     * @param a one host, the first in name order
     * @param b the other
     * @param shape what the first host's switch does to what it sends into it
     */
    public record Tunnel(String a, String b, LinkShape shape) {
        /** Checks that no part is missing. */
        public Tunnel {
            requireNonNull(a, "a");
            requireNonNull(b, "b");
            requireNonNull(shape, "shape");
        }
    }
}
