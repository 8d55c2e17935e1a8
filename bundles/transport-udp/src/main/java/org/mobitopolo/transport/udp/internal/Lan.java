package org.mobitopolo.transport.udp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.socket.DatagramPacket;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.mobitopolo.api.net.NetworkInfo;

/**
 * One virtual LAN: a learning switch. Source MACs are learnt per port; unicast to a known MAC goes
 * to its port, everything else is flooded to every other port of this LAN and no other.
 */
final class Lan {
    private record Seen(SwitchPort port, long atNanos) {}

    private static final long REFRESH_NANOS = 1_000_000_000L;

    final String name;
    final int vni;
    private final long ageingNanos;
    private final int maxFrame;
    private final Map<String, SwitchPort> ports = new ConcurrentHashMap<>();
    private final Map<Long, Seen> macs = new ConcurrentHashMap<>();

    Lan(String name, int vni, long ageingNanos, int maxFrame) {
        this.name = name;
        this.vni = vni;
        this.ageingNanos = ageingNanos;
        this.maxFrame = maxFrame;
    }

    void add(SwitchPort port) {
        ports.put(port.binding.portId(), port);
    }

    void remove(SwitchPort port) {
        ports.remove(port.binding.portId());
        macs.values().removeIf(s -> s.port() == port);
    }

    Collection<SwitchPort> ports() {
        return ports.values();
    }

    NetworkInfo info() {
        return new NetworkInfo(name, vni, ports.keySet().stream().sorted().toList());
    }

    /**
     * Handles a frame the VM behind {@code in} sent. Frames are written, not flushed: the ports
     * written to are added to {@code written}, to be flushed together once the read batch ends.
     */
    void forward(SwitchPort in, ByteBuf datagram, ByteBuf frame, Set<SwitchPort> written) {
        if (frame.readableBytes() > maxFrame) {
            in.dropped(Frames.Drop.OVERSIZE);
            return;
        }
        in.received(frame.readableBytes());
        long now = System.nanoTime();
        long src = Frames.source(frame);
        if (!Frames.isGroup(src)) {
            Seen seen = macs.get(src);
            // Re-learn on a move at once; otherwise refresh the age now and then, not per frame.
            if (seen == null || seen.port() != in || now - seen.atNanos() > REFRESH_NANOS) {
                macs.put(src, new Seen(in, now));
            }
        }
        long dst = Frames.destination(frame);
        Seen known = Frames.isGroup(dst) ? null : macs.get(dst);
        if (known != null && now - known.atNanos() < ageingNanos && ports.containsKey(known.port().binding.portId())) {
            if (known.port() != in) {
                send(in, known.port(), datagram, frame, written);
            }
            return;
        }
        for (SwitchPort out : ports.values()) {
            if (out != in) {
                send(in, out, datagram, frame, written);
            }
        }
    }

    private static void send(SwitchPort in, SwitchPort out, ByteBuf datagram, ByteBuf frame, Set<SwitchPort> written) {
        // Between ports of one framing the datagram goes on as it came: no new header, no copy.
        ByteBuf payload = in.binding.format() == out.binding.format() && in.binding.session() == out.binding.session()
                ? datagram.retainedDuplicate()
                : Frames.encode(out.binding.format(), out.binding.session(), frame, out.channel.alloc());
        DatagramPacket packet = new DatagramPacket(payload, out.vm());
        if (!out.egress.isActive()) {
            out.sent(frame.readableBytes());
            out.channel.write(packet, out.channel.voidPromise());
            written.add(out);
            return;
        }
        int bytes = frame.readableBytes();
        Frames.Drop drop = out.egress.submit(bytes, () -> {
            out.sent(bytes);
            out.channel.writeAndFlush(packet, out.channel.voidPromise());
        });
        if (drop != null) {
            packet.release();
            out.dropped(drop);
        }
    }
}
