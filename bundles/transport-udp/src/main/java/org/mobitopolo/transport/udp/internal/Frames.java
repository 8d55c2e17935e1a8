package org.mobitopolo.transport.udp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
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

    /**
     * Where the Ethernet frame inside a datagram starts (an index into it; the frame runs to the
     * datagram's end). An index, not a slice: no buffer is made per frame for what is only read.
     */
    static int decode(FrameFormat format, long session, ByteBuf datagram) throws Rejected {
        int start = datagram.readerIndex();
        if (format == FrameFormat.L2TPV3) {
            if (datagram.readableBytes() < L2TPV3_HEADER) {
                throw new Rejected(Drop.RUNT);
            }
            if (datagram.getUnsignedShort(start) != 0x0003 || datagram.getUnsignedShort(start + 2) != 0) {
                throw new Rejected(Drop.BAD_HEADER);
            }
            if (datagram.getUnsignedInt(start + 4) != session) {
                throw new Rejected(Drop.WRONG_SESSION);
            }
            start += L2TPV3_HEADER;
        }
        if (length(datagram, start) < ETHERNET_HEADER) {
            throw new Rejected(Drop.RUNT);
        }
        return start;
    }

    /** The bytes of the frame that starts at {@code frame} in {@code datagram}. */
    static int length(ByteBuf datagram, int frame) {
        return datagram.writerIndex() - frame;
    }

    /**
     * A datagram in the given framing carrying the frame that starts at {@code frame} in
     * {@code datagram}: retained, not copied.
     */
    static ByteBuf encode(FrameFormat format, long session, ByteBuf datagram, int frame, ByteBufAllocator alloc) {
        ByteBuf ethernet = datagram.retainedSlice(frame, length(datagram, frame));
        if (format == FrameFormat.RAW) {
            return ethernet;
        }
        ByteBuf header = alloc.buffer(L2TPV3_HEADER).writeShort(0x0003).writeShort(0).writeInt((int) session);
        return alloc.compositeBuffer(2).addComponents(true, header, ethernet);
    }

    static long destination(ByteBuf datagram, int frame) {
        return mac(datagram, frame);
    }

    static long source(ByteBuf datagram, int frame) {
        return mac(datagram, frame + 6);
    }

    /** Broadcast and multicast addresses have the group bit, the low bit of the first byte. */
    static boolean isGroup(long mac) {
        return (mac >>> 40 & 1) != 0;
    }

    private static long mac(ByteBuf datagram, int at) {
        return (long) datagram.getUnsignedShort(at) << 32 | datagram.getUnsignedInt(at + 2);
    }
}
