package org.mobitopolo.api.net;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Joins VM ports into isolated virtual Ethernet LANs over UDP, on one host and across hosts.
 * Implemented by a transport plugin.
 */
@ConsumerType
public interface VirtualSwitch {
    /** Creates a virtual network; fails with {@code CONFLICT} when the name is taken. */
    NetworkInfo createNetwork(String name);

    /** Deletes a network; fails with {@code CONFLICT} while VMs have ports on it. */
    void deleteNetwork(String name);

    /** Every virtual network, ordered by name. */
    List<NetworkInfo> networks();

    /**
     * Opens a port on a network for a VM's NIC and returns the UDP endpoints the VM must be
     * started with.
     */
    PortBinding attach(String network, String owner, FrameFormat format);

    /** Closes a port. */
    void detach(String portId);

    /** The ports of a network with their counters; fails with {@code NOT_FOUND} for an unknown network. */
    List<PortInfo> ports(String network);

    /** Where this switch receives VXLAN from other hosts' switches. */
    Endpoint tunnelEndpoint();

    /**
     * Opens a VXLAN tunnel to another host's switch: frames of every network cross it under the
     * network's VNI (networks of the same name have the same VNI on every host).
     */
    TunnelInfo addTunnel(Endpoint remote);

    /** Points a tunnel at another endpoint, e.g. when the other switch moved; learnt MACs are kept. */
    TunnelInfo repointTunnel(String tunnelId, Endpoint remote);

    /** Closes a tunnel. */
    void removeTunnel(String tunnelId);

    /** Every tunnel with its counters. */
    List<TunnelInfo> tunnels();

    /**
     * Shapes the frames the switch sends to a port, or into a tunnel (a WAN link between hosts);
     * {@link LinkShape#NONE} lifts the shaping.
     *
     * @param id a port id or a tunnel id
     */
    void shape(String id, LinkShape shape);

    /**
     * Tells the switch that the VM behind a port now sends from another UDP endpoint, e.g.
     * after a migration, so frames for it go there at once.
     */
    void move(String portId, Endpoint vmEndpoint);

    /**
     * Sends an Ethernet frame into a port's network as if the VM behind the port had sent it: the
     * switches learn its source MAC there. This is how a moved VM is announced (gratuitous ARP, RARP).
     *
     * @param frame a whole Ethernet frame, destination MAC first, without the FCS
     */
    void inject(String portId, byte[] frame);
}
