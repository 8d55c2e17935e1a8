package org.mobitopolo.transport.udp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.collection.LongObjectHashMap;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import org.mobitopolo.api.net.NetworkInfo;

/**
 * One virtual LAN: a learning switch. Source MACs are learnt per link (VM port or tunnel); unicast
 * to a known MAC goes to its link, everything else is flooded to every other link of this LAN and
 * no other LAN. Frames are handled on the switch's one event loop, which alone touches the MAC table.
 */
final class Lan {
    private record Seen(Link link, long atNanos) {}

    private static final long REFRESH_NANOS = 1_000_000_000L;

    final String name;
    final int vni;
    private final long ageingNanos;
    final int maxFrame;
    private final Map<String, SwitchPort> ports = new ConcurrentHashMap<>();
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    /** By MAC, as a long: no boxing per frame. The event loop's alone. */
    private final LongObjectHashMap<Seen> macs = new LongObjectHashMap<>();
    private final EventLoop loop;

    Lan(String name, int vni, long ageingNanos, int maxFrame, EventLoop loop) {
        this.name = name;
        this.vni = vni;
        this.ageingNanos = ageingNanos;
        this.maxFrame = maxFrame;
        this.loop = loop;
    }

    void add(SwitchPort port) {
        ports.put(port.binding.portId(), port);
        links.add(port);
    }

    void add(Link tunnel) {
        links.add(tunnel);
    }

    void remove(Link link) {
        if (link instanceof SwitchPort port) {
            ports.remove(port.binding.portId());
        }
        links.remove(link); // no frame goes to it from now on; what was learnt of it is forgotten on the loop
        Runnable forget = () -> macs.values().removeIf(s -> s.link() == link);
        if (loop.inEventLoop()) {
            forget.run();
        } else {
            try {
                loop.execute(forget);
            } catch (RejectedExecutionException switchClosing) {
                // the table goes with the switch
            }
        }
    }

    Collection<SwitchPort> ports() {
        return ports.values();
    }

    NetworkInfo info() {
        return new NetworkInfo(name, vni, ports.keySet().stream().sorted().toList());
    }

    /**
     * Handles the frame that came in on {@code in}, starting at {@code frame} in {@code datagram}.
     * Frames are written, not flushed: the channels written to are added to {@code written}, to be
     * flushed together once the read batch ends.
     */
    void forward(Link in, ByteBuf datagram, int frame, Set<Channel> written) {
        int bytes = Frames.length(datagram, frame);
        if (bytes > maxFrame) {
            in.dropped(Frames.Drop.OVERSIZE);
            return;
        }
        in.received(bytes);
        long now = System.nanoTime();
        long src = Frames.source(datagram, frame);
        if (!Frames.isGroup(src)) {
            Seen seen = macs.get(src);
            // Re-learn on a move at once; otherwise refresh the age now and then, not per frame.
            if (seen == null || seen.link() != in || now - seen.atNanos() > REFRESH_NANOS) {
                macs.put(src, new Seen(in, now));
            }
        }
        long dst = Frames.destination(datagram, frame);
        Seen known = Frames.isGroup(dst) ? null : macs.get(dst);
        if (known != null && now - known.atNanos() < ageingNanos && links.contains(known.link())) {
            if (known.link() != in) {
                known.link().send(in, datagram, frame, written);
            }
            return;
        }
        for (Link out : links) {
            if (out != in && !(in.isTunnel() && out.isTunnel())) {
                out.send(in, datagram, frame, written);
            }
        }
    }
}
