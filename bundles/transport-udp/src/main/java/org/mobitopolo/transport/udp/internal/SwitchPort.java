package org.mobitopolo.transport.udp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.mobitopolo.api.net.Endpoint;
import org.mobitopolo.api.net.PortBinding;
import org.mobitopolo.api.net.PortInfo;

/** One port of the switch: its UDP socket, the VM's endpoint, and its counters. */
final class SwitchPort implements Link {
    final PortBinding binding;
    final String owner;
    final Lan lan;
    final Channel channel;
    /** Shapes what the switch sends to this port. */
    final Shaper egress;
    private volatile InetSocketAddress vm;
    private final Traffic rx = new Traffic();
    private final Traffic tx = new Traffic();
    private final Map<String, LongAdder> drops = new ConcurrentHashMap<>();

    SwitchPort(PortBinding binding, String owner, Lan lan, Channel channel) {
        this.binding = binding;
        this.owner = owner;
        this.lan = lan;
        this.channel = channel;
        this.egress = new Shaper(channel.eventLoop());
        this.vm = address(binding.vmEndpoint());
    }

    static InetSocketAddress address(Endpoint e) {
        return new InetSocketAddress(e.host(), e.port());
    }

    InetSocketAddress vm() {
        return vm;
    }

    void move(Endpoint to) {
        vm = address(to);
    }

    @Override
    public boolean isTunnel() {
        return false;
    }

    @Override
    public void send(Link from, ByteBuf datagram, int frame, Set<Channel> written) {
        // Between ports of one framing the datagram goes on as it came: no new header, no copy.
        ByteBuf payload = from instanceof SwitchPort in && in.binding.format() == binding.format()
                && in.binding.session() == binding.session()
                ? datagram.retain()
                : Frames.encode(binding.format(), binding.session(), datagram, frame, channel.alloc());
        DatagramPacket packet = new DatagramPacket(payload, vm);
        int bytes = Frames.length(datagram, frame);
        if (!egress.isActive()) {
            tx.add(bytes);
            channel.write(packet, channel.voidPromise());
            written.add(channel);
            return;
        }
        Frames.Drop drop = egress.submit(bytes, () -> {
            tx.add(bytes);
            channel.writeAndFlush(packet, channel.voidPromise());
        });
        if (drop != null) {
            packet.release();
            dropped(drop);
        }
    }

    @Override
    public void received(int bytes) {
        rx.add(bytes);
    }

    @Override
    public void dropped(Frames.Drop reason) {
        drops.computeIfAbsent(reason.counter, k -> new LongAdder()).increment();
    }

    PortInfo info() {
        Map<String, Long> d = new TreeMap<>();
        drops.forEach((k, v) -> d.put(k, v.sum()));
        Endpoint current = new Endpoint(vm.getHostString(), vm.getPort());
        PortBinding b = new PortBinding(binding.portId(), binding.network(), binding.format(), binding.switchEndpoint(),
                current, binding.session());
        return new PortInfo(b, owner, egress.shape(), rx.frames(), rx.bytes(), tx.frames(), tx.bytes(), d);
    }
}
