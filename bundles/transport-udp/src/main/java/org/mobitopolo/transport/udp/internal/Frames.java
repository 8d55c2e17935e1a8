package org.mobitopolo.transport.udp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import org.mobitopolo.api.net.FrameFormat;

/**
 * Ethernet frames in the VMs' UDP framings. UML's {@code vec} L2TPv3 over UDP puts an 8-byte header
 * ({@code 00 03 00 00} then the 32-bit session id) before the frame; QEMU's {@code -netdev dgram}
 * sends the bare frame.
 */
final class Frames {
    static final int ETHERNET_HEADER = 14;
    static final int L2TPV3_HEADER = 8;

    /** Why a datagram was not a frame; the names are the drop counters' keys. */
    enum Drop {
        RUNT("runt"), BAD_HEADER("bad-header"), WRONG_SESSION("wrong-session"), FOREIGN_SOURCE("foreign-source"),
        OVERSIZE("oversize"), SHAPED_LOSS("shaped-loss"), SHAPED_QUEUE_FULL("shaped-queue-full"),
        UNKNOWN_VNI("unknown-vni");

        final String counter;

        Drop(String counter) {
            this.counter = counter;
        }
    }

    /** A datagram that carries no frame we accept. */
    static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Drop reason;

        Rejected(Drop reason) {
            super(reason.counter, null, false, false); // no stack trace: rejects can come by the thousand
            this.reason = reason;
        }
    }

    private Frames() {}

    /** The Ethernet frame inside a datagram, as a slice of it. */
    static ByteBuf decode(FrameFormat format, long session, ByteBuf datagram) throws Rejected {
        ByteBuf frame = datagram;
        if (format == FrameFormat.L2TPV3) {
            if (datagram.readableBytes() < L2TPV3_HEADER) {
                throw new Rejected(Drop.RUNT);
            }
            int i = datagram.readerIndex();
            if (datagram.getUnsignedShort(i) != 0x0003 || datagram.getUnsignedShort(i + 2) != 0) {
                throw new Rejected(Drop.BAD_HEADER);
            }
            if (datagram.getUnsignedInt(i + 4) != session) {
                throw new Rejected(Drop.WRONG_SESSION);
            }
            frame = datagram.slice(i + L2TPV3_HEADER, datagram.readableBytes() - L2TPV3_HEADER);
        }
        if (frame.readableBytes() < ETHERNET_HEADER) {
            throw new Rejected(Drop.RUNT);
        }
        return frame;
    }

    /** A datagram carrying {@code frame} in the given framing; {@code frame} is retained, not copied. */
    static ByteBuf encode(FrameFormat format, long session, ByteBuf frame, ByteBufAllocator alloc) {
        if (format == FrameFormat.RAW) {
            return frame.retainedDuplicate();
        }
        ByteBuf header = alloc.buffer(L2TPV3_HEADER).writeShort(0x0003).writeShort(0).writeInt((int) session);
        CompositeByteBuf datagram = alloc.compositeBuffer(2);
        return datagram.addComponents(true, header, frame.retainedDuplicate());
    }

    static long destination(ByteBuf frame) {
        return mac(frame, frame.readerIndex());
    }

    static long source(ByteBuf frame) {
        return mac(frame, frame.readerIndex() + 6);
    }

    /** Broadcast and multicast addresses have the group bit, the low bit of the first byte. */
    static boolean isGroup(long mac) {
        return (mac >>> 40 & 1) != 0;
    }

    private static long mac(ByteBuf frame, int at) {
        return (long) frame.getUnsignedShort(at) << 32 | frame.getUnsignedInt(at + 2);
    }
}
