package org.mobitopolo.api.net;

/** How a VM's NIC puts Ethernet frames into UDP datagrams. */
public enum FrameFormat {
    /** UML {@code vec} transport: 8-byte L2TPv3 header ({@code 00 03 00 00} + session id), then the frame. */
    L2TPV3,
    /** QEMU {@code -netdev dgram}: one raw frame per datagram. */
    RAW
}
