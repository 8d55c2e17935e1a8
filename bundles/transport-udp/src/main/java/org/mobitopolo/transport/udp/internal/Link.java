package org.mobitopolo.transport.udp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.Set;

/** Where a LAN's frames come from and go to: a VM's port, or a tunnel to another host's switch. */
interface Link {
    /**
     * Sends the frame that came in on {@code from} and starts at {@code frame} in {@code datagram};
     * writes are left to be flushed with the others of the read batch, their channels added to
     * {@code written}. Called on the switch's event loop, as every method here.
     */
    void send(Link from, ByteBuf datagram, int frame, Set<Channel> written);

    void received(int bytes);

    void dropped(Frames.Drop reason);

    /** Frames from a tunnel are never flooded into another tunnel (split horizon: no loops). */
    boolean isTunnel();
}
