package org.mobitopolo.api.net;

/**
 * A switch port and the UDP endpoints that join a VM's NIC to it.
 *
 * @param portId the switch's id for the port
 * @param network the network the port is on
 * @param format how the VM frames its datagrams
 * @param switchEndpoint where the switch listens: the VM's destination
 * @param vmEndpoint where the VM listens: the switch's destination
 * @param session the L2TPv3 session id, or {@code 0} for raw frames
 */
public record PortBinding(String portId, String network, FrameFormat format, Endpoint switchEndpoint,
        Endpoint vmEndpoint, long session) {}
