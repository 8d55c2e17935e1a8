package org.mobitopolo.rebind.forward.internal;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.mobitopolo.api.net.Endpoint;
import org.mobitopolo.api.net.FrameFormat;
import org.mobitopolo.api.net.PortBinding;
import org.mobitopolo.api.net.VirtualSwitch;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.rebind.ForwardInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One end of a forward: a raw port on a network of this host's switch and a UDP socket towards the
 * other end, with a thread relaying between them what the rules let across. The source's end sits
 * on the network the VM left and passes frames towards it; the target's end on the network it is
 * on now and passes its frames back.
 */
final class ForwardEnd implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(ForwardEnd.class);
    /** Owner of the forwards' switch ports, before the VM's name. */
    static final String OWNER = "forward:";

    enum Role { SOURCE, TARGET }

    final String id;
    final String vm;
    final String mac;
    final String network;
    final Role role;
    final String address;
    final String subnet;
    final Instant opened = Instant.now();
    final Instant closes;
    private final FrameRules rules;
    private final VirtualSwitch sw;
    private final PortBinding port;
    private final DatagramChannel switchSide;
    private final DatagramChannel wire;
    private final Endpoint local;
    private final InetSocketAddress switchAt;
    private volatile InetSocketAddress peerAt;
    private volatile Endpoint peer;
    private final AtomicLong toPeer = new AtomicLong();
    private final AtomicLong fromPeer = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile long lastFrameNanos = System.nanoTime();
    private Thread relay;
    private volatile Selector selector;

    /**
     * Opens the port and the socket; nothing crosses before {@link #connect}.
     *
     * @param advertised the address the other end reaches this host by
     */
    ForwardEnd(String id, String vm, String mac, String network, Role role, String address, String subnet, Instant closes,
            VirtualSwitch sw, String bindAddress, String advertised) {
        this.id = id;
        this.vm = vm;
        this.mac = mac;
        this.network = network;
        this.role = role;
        this.address = address;
        this.subnet = subnet;
        this.closes = closes;
        this.rules = new FrameRules(mac, address, subnet);
        this.sw = sw;
        this.port = sw.attach(network, OWNER + vm, FrameFormat.RAW);
        this.switchAt = new InetSocketAddress(port.switchEndpoint().host(), port.switchEndpoint().port());
        try {
            switchSide = DatagramChannel.open().bind(new InetSocketAddress(port.vmEndpoint().host(), port.vmEndpoint().port()));
            wire = DatagramChannel.open().bind(new InetSocketAddress(bindAddress, 0));
            local = new Endpoint(advertised, ((InetSocketAddress) wire.getLocalAddress()).getPort());
        } catch (IOException | RuntimeException e) {
            sw.detach(port.portId());
            throw new PlatformException(ErrorCode.FAILED, "cannot open the forward's sockets on " + network + ": " + e.getMessage(), e);
        }
    }

    Endpoint local() {
        return local;
    }

    /** Starts relaying with the other end; the source's end announces the VM's MAC from its port first. */
    synchronized void connect(Endpoint peer) {
        this.peer = peer;
        this.peerAt = new InetSocketAddress(peer.host(), peer.port());
        if (role == Role.SOURCE) {
            announce();
        }
        relay = new Thread(this::relay, "mobitopolo-forward-" + vm);
        relay.setDaemon(true);
        relay.start();
    }

    /** Frames the old network's switch now sends to this port instead of the VM's old one. */
    void announce() {
        try {
            switchSide.send(ByteBuffer.wrap(rules.announcement()), switchAt);
        } catch (IOException e) {
            LOG.warn("Forward {}: announcing {} failed: {}", id, mac, e.getMessage());
        }
    }

    /** Nanoseconds since a frame last crossed, either way. */
    long idleNanos() {
        return System.nanoTime() - lastFrameNanos;
    }

    private void relay() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(65536);
        try (Selector selector = Selector.open()) {
            this.selector = selector;
            switchSide.configureBlocking(false).register(selector, SelectionKey.OP_READ);
            wire.configureBlocking(false).register(selector, SelectionKey.OP_READ);
            while (wire.isOpen()) {
                selector.select(1000);
                for (SelectionKey key : selector.selectedKeys()) {
                    DatagramChannel from = (DatagramChannel) key.channel();
                    SocketAddress sender;
                    while ((sender = from.receive(buffer.clear())) != null) {
                        buffer.flip();
                        pass(from == wire, sender, buffer);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            if (wire.isOpen()) {
                LOG.warn("Forward {} stopped relaying: {}", id, e.getMessage());
            }
        }
    }

    /** One frame: from the other end into the switch, or from the switch to the other end, when the rules let it. */
    private void pass(boolean fromWire, SocketAddress sender, ByteBuffer frame) throws IOException {
        boolean towardsVm = fromWire == (role == Role.TARGET);
        boolean allowed = sender.equals(fromWire ? peerAt : switchAt)
                && (towardsVm ? rules.towardsVm(frame) : rules.fromVm(frame));
        if (!allowed) {
            dropped.incrementAndGet();
            return;
        }
        if (fromWire) {
            switchSide.send(frame, switchAt);
            fromPeer.incrementAndGet();
        } else {
            wire.send(frame, peerAt);
            toPeer.incrementAndGet();
        }
        lastFrameNanos = System.nanoTime();
    }

    ForwardInfo info() {
        return new ForwardInfo(id, vm, mac, network, role.name().toLowerCase(Locale.ROOT), address, subnet, local, peer,
                toPeer.get(), fromPeer.get(), dropped.get(), opened, closes);
    }

    @Override
    public void close() {
        try {
            wire.close();
            switchSide.close();
            Selector s = selector;
            if (s != null) {
                s.wakeup();
            }
        } catch (IOException e) {
            LOG.debug("Forward {}: closing its sockets: {}", id, e.getMessage());
        }
        try {
            sw.detach(port.portId());
        } catch (PlatformException gone) {
            LOG.debug("Forward {}: its port was gone: {}", id, gone.getMessage());
        }
        Thread t;
        synchronized (this) {
            t = relay;
        }
        if (t != null) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
