package org.mobitopolo.transport.udp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobitopolo.api.net.Endpoint;
import org.mobitopolo.api.net.FrameFormat;
import org.mobitopolo.api.net.LinkShape;
import org.mobitopolo.api.net.NetworkInfo;
import org.mobitopolo.api.net.PortBinding;
import org.mobitopolo.api.net.PortInfo;
import org.mobitopolo.api.net.TunnelInfo;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;

/** The switch with real UDP sockets standing where the VMs' NICs would be. */
class UdpSwitchTest {
    private static final byte[] BROADCAST = mac(0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
    private static final byte[] MAC_A = mac(2, 0, 0, 0, 0, 0xa);
    private static final byte[] MAC_B = mac(2, 0, 0, 0, 0, 0xb);

    private final UdpSwitch sw = new UdpSwitch(config());

    UdpSwitchTest() throws IOException {}

    static UdpSwitch.Config config() {
        return config("127.0.0.1");
    }

    /** A switch on its own loopback address, as if on a host of its own; VXLAN on any free port. */
    static UdpSwitch.Config config(String address) {
        return config(address, 0);
    }

    static UdpSwitch.Config config(String address, int vxlanPort) {
        return config(address, vxlanPort, "");
    }

    static UdpSwitch.Config config(String address, int vxlanPort, String stateFile) {
        return new UdpSwitch.Config() {
            @Override public Class<? extends Annotation> annotationType() { return UdpSwitch.Config.class; }
            @Override public String bindAddress() { return address; }
            @Override public int ageingSeconds() { return 300; }
            @Override public int maxFrameBytes() { return 1518; }
            @Override public String vxlanAddress() { return address; }
            @Override public int vxlanPort() { return vxlanPort; }
            @Override public String stateFile() { return stateFile; }
            @Override public int tunnelMtu() { return 1500; }
            @Override public int spinMicros() { return 5000; } // long enough that every test's traffic makes a flow
        };
    }

    @AfterEach
    void deactivate() {
        sw.deactivate();
    }

    private static byte[] mac(int... b) {
        byte[] m = new byte[6];
        for (int i = 0; i < 6; i++) {
            m[i] = (byte) b[i];
        }
        return m;
    }

    private static byte[] frame(byte[] dst, byte[] src, int payload) {
        ByteBuffer f = ByteBuffer.allocate(14 + payload);
        f.put(dst).put(src).putShort((short) 0x0800);
        for (int i = 0; i < payload; i++) {
            f.put((byte) i);
        }
        return f.array();
    }

    private static byte[] l2tp(long session, byte[] frame) {
        return ByteBuffer.allocate(8 + frame.length).putShort((short) 3).putShort((short) 0).putInt((int) session)
                .put(frame).array();
    }

    /** A VM's NIC: a socket on the endpoint the switch gave the VM. */
    private static final class Nic implements AutoCloseable {
        final PortBinding port;
        final DatagramChannel socket;

        Nic(PortBinding port) throws IOException {
            this.port = port;
            this.socket = DatagramChannel.open().bind(new InetSocketAddress(port.vmEndpoint().host(), port.vmEndpoint().port()));
            socket.socket().setSoTimeout(500);
        }

        void send(byte[] datagram) throws IOException {
            socket.send(ByteBuffer.wrap(datagram),
                    new InetSocketAddress(port.switchEndpoint().host(), port.switchEndpoint().port()));
        }

        /** The next datagram, or null if none comes within half a second. */
        byte[] receive() throws IOException {
            return UdpSwitchTest.receive(socket);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** The next datagram on a socket (its timeout set), or null when none comes in time. */
    static byte[] receive(DatagramChannel socket) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[65536], 65536);
        try {
            socket.socket().receive(packet);
            return Arrays.copyOf(packet.getData(), packet.getLength());
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    private PortInfo info(PortBinding port) {
        return sw.ports(port.network()).stream().filter(p -> p.binding().portId().equals(port.portId())).findFirst()
                .orElseThrow();
    }

    @Test
    void floodsBroadcastsInEachFramingAndLearnsUnicast() throws IOException {
        sw.createNetwork("lan");
        try (Nic a = new Nic(sw.attach("lan", "vm-a", FrameFormat.L2TPV3));
                Nic b = new Nic(sw.attach("lan", "vm-b", FrameFormat.L2TPV3));
                Nic c = new Nic(sw.attach("lan", "qemu-c", FrameFormat.RAW))) {
            byte[] hello = frame(BROADCAST, MAC_A, 46);
            a.send(l2tp(1, hello));
            assertArrayEquals(l2tp(1, hello), b.receive(), "L2TPv3 port gets header + frame");
            assertArrayEquals(hello, c.receive(), "raw port gets the bare frame");
            assertNull(a.receive(), "no echo to the sender");

            byte[] reply = frame(MAC_A, MAC_B, 46);
            b.send(l2tp(1, reply));
            assertArrayEquals(l2tp(1, reply), a.receive(), "unicast to a learnt MAC");
            assertNull(c.receive(), "and to no one else");

            PortInfo pa = info(a.port);
            assertEquals(1, pa.rxFrames());
            assertEquals(60, pa.rxBytes());
            assertEquals(1, pa.txFrames());
        }
    }

    @Test
    void anIdleSwitchUsesNoCpuOnceTrafficStops() throws Exception {
        sw.createNetwork("lan");
        try (Nic a = new Nic(sw.attach("lan", "vm-a", FrameFormat.L2TPV3));
                Nic b = new Nic(sw.attach("lan", "vm-b", FrameFormat.L2TPV3))) {
            byte[] frame = l2tp(1, frame(BROADCAST, MAC_A, 1000));
            for (int i = 0; i < 200; i++) {
                a.send(frame);
                assertArrayEquals(frame, b.receive());
            }
            Thread.sleep(100); // the switch polls for 5 ms after the last frame of a flow, then sleeps
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            Thread.sleep(1000);
            double share = (double) (os.getProcessCpuTime() - cpu0) / (System.nanoTime() - t0);
            assertTrue(share < 0.15, "an idle switch would use no CPU; this process used " + share + " of a core");
        }
    }

    @Test
    void malformedAndForeignDatagramsAreCountedAndDroppedAndForwardingGoesOn() throws IOException {
        sw.createNetwork("lan");
        try (Nic a = new Nic(sw.attach("lan", "vm-a", FrameFormat.L2TPV3));
                Nic b = new Nic(sw.attach("lan", "vm-b", FrameFormat.L2TPV3));
                DatagramChannel stranger = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            a.send(new byte[] {0, 3, 0});
            a.send(l2tp(1, new byte[10]));
            a.send(ByteBuffer.allocate(60).putInt(0x12345678).array());
            a.send(l2tp(7, frame(BROADCAST, MAC_A, 46)));
            a.send(l2tp(1, frame(BROADCAST, MAC_A, 1600)));
            stranger.send(ByteBuffer.wrap(l2tp(1, frame(BROADCAST, MAC_A, 46))),
                    new InetSocketAddress("127.0.0.1", a.port.switchEndpoint().port()));

            byte[] good = frame(BROADCAST, MAC_A, 46);
            a.send(l2tp(1, good));
            assertArrayEquals(l2tp(1, good), b.receive(), "only the good frame gets through");
            assertNull(b.receive());
            assertEquals(Map.of("runt", 2L, "bad-header", 1L, "wrong-session", 1L, "oversize", 1L, "foreign-source", 1L),
                    info(a.port).drops());
        }
    }

    @Test
    void randomDatagramsOnEveryPortKindNeverStopTheSwitch() throws IOException {
        sw.createNetwork("lan");
        Random random = new Random(42);
        try (Nic a = new Nic(sw.attach("lan", "vm-a", FrameFormat.L2TPV3));
                Nic c = new Nic(sw.attach("lan", "qemu-c", FrameFormat.RAW));
                Nic sink = new Nic(sw.attach("lan", "sink", FrameFormat.RAW))) {
            for (int i = 0; i < 3000; i++) {
                byte[] junk = new byte[1 + random.nextInt(1600)];
                random.nextBytes(junk);
                junk[0] |= 1; // group destination: junk that parses as a frame floods, so the sink sees it
                (i % 2 == 0 ? a : c).send(junk);
            }
            while (sink.receive() != null) {
                // drain what the junk flooded
            }
            byte[] good = frame(BROADCAST, MAC_B, 46);
            c.send(good);
            assertArrayEquals(good, sink.receive(), "the switch still forwards after the fuzz");
        }
    }

    @Test
    void networksAreIsolated() throws IOException {
        sw.createNetwork("red");
        sw.createNetwork("blue");
        try (Nic red1 = new Nic(sw.attach("red", "r1", FrameFormat.RAW));
                Nic red2 = new Nic(sw.attach("red", "r2", FrameFormat.RAW));
                Nic blue = new Nic(sw.attach("blue", "b1", FrameFormat.RAW))) {
            byte[] hello = frame(BROADCAST, MAC_A, 46);
            red1.send(hello);
            assertArrayEquals(hello, red2.receive());
            assertNull(blue.receive());
        }
    }

    @Test
    void anInjectedFrameGoesOutAsIfItsPortsVmHadSentItAndTeachesItsMac() throws IOException {
        sw.createNetwork("lan");
        try (Nic a = new Nic(sw.attach("lan", "vm-a", FrameFormat.L2TPV3));
                Nic b = new Nic(sw.attach("lan", "vm-b", FrameFormat.L2TPV3));
                Nic c = new Nic(sw.attach("lan", "qemu-c", FrameFormat.RAW))) {
            byte[] announcement = frame(BROADCAST, MAC_A, 46);
            sw.inject(a.port.portId(), announcement);
            assertArrayEquals(l2tp(1, announcement), b.receive());
            assertArrayEquals(announcement, c.receive());
            assertNull(a.receive(), "not back to the port it came from");

            byte[] reply = frame(MAC_A, MAC_B, 46);
            c.send(reply);
            assertArrayEquals(l2tp(1, reply), a.receive(), "the switch learnt the MAC at the injecting port");
            assertNull(b.receive());

            PlatformException runt = assertThrows(PlatformException.class, () -> sw.inject(a.port.portId(), new byte[13]));
            assertEquals(ErrorCode.BAD_REQUEST, runt.code());
            assertEquals(ErrorCode.NOT_FOUND,
                    assertThrows(PlatformException.class, () -> sw.inject("no-such-port", announcement)).code());
        }
    }

    @Test
    void aMovedPortSendsToTheVmsNewEndpointAtOnce() throws IOException {
        sw.createNetwork("lan");
        try (Nic a = new Nic(sw.attach("lan", "vm-a", FrameFormat.RAW));
                Nic b = new Nic(sw.attach("lan", "vm-b", FrameFormat.RAW));
                DatagramChannel moved = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            moved.socket().setSoTimeout(500);
            int newPort = ((InetSocketAddress) moved.getLocalAddress()).getPort();
            sw.move(b.port.portId(), new Endpoint("127.0.0.1", newPort));
            byte[] hello = frame(BROADCAST, MAC_A, 46);
            a.send(hello);
            assertArrayEquals(hello, receive(moved));
            assertNull(b.receive(), "nothing to the old endpoint");
            assertEquals(newPort, info(b.port).binding().vmEndpoint().port());
        }
    }

    @Test
    void shapingDelaysRateLimitsAndLosesFramesInOrder() throws IOException {
        sw.createNetwork("wan");
        try (Nic a = new Nic(sw.attach("wan", "vm-a", FrameFormat.RAW));
                Nic b = new Nic(sw.attach("wan", "vm-b", FrameFormat.RAW))) {
            b.socket.socket().setSoTimeout(3000);
            sw.shape(b.port.portId(), new LinkShape(100, 0, 0, 0));
            long t0 = System.nanoTime();
            a.send(frame(BROADCAST, MAC_A, 46));
            assertTrue(b.receive() != null);
            long delayMs = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(delayMs >= 100 && delayMs < 180, "100 ms delay, took " + delayMs);

            // 2 Mbit/s: 100 frames of 1250 bytes are one megabit, half a second on the wire.
            sw.shape(b.port.portId(), new LinkShape(0, 0, 2_000_000, 0));
            t0 = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                a.send(frame(BROADCAST, MAC_A, 1250 - 14));
            }
            for (int i = 0; i < 100; i++) {
                assertTrue(b.receive() != null, "frame " + i);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertTrue(seconds > 0.5 * 0.85 && seconds < 0.5 * 1.15, "1 Mbit at 2 Mbit/s took " + seconds + " s");

            // Jitter never reorders.
            sw.shape(b.port.portId(), new LinkShape(5, 30, 0, 0));
            for (int i = 0; i < 50; i++) {
                byte[] f = frame(BROADCAST, MAC_A, 46);
                f[14] = (byte) i;
                a.send(f);
            }
            for (int i = 0; i < 50; i++) {
                assertEquals(i, b.receive()[14], "frames keep their order under jitter");
            }

            sw.shape(b.port.portId(), new LinkShape(0, 0, 0, 50));
            for (int i = 0; i < 400; i++) {
                a.send(frame(BROADCAST, MAC_A, 46));
            }
            b.socket.socket().setSoTimeout(300);
            int got = 0;
            while (b.receive() != null) {
                got++;
            }
            assertTrue(got > 140 && got < 260, "50% loss let " + got + " of 400 through");
            assertEquals(400 - got, info(b.port).drops().get("shaped-loss"));
            assertEquals(new LinkShape(0, 0, 0, 50), info(b.port).shape());
        }
    }

    @Test
    void vxlanTunnelsJoinNetworksOfTheSameNameAcrossHostsAndSurviveAPeersRestart() throws IOException {
        UdpSwitch other = new UdpSwitch(config("127.0.0.2"));
        UdpSwitch restarted = null;
        try {
            sw.createNetwork("lan");
            sw.createNetwork("elsewhere");
            other.createNetwork("lan");
            assertEquals(sw.networks().get(1).vni(), other.networks().get(0).vni(), "same name, same VNI on every host");
            var here = sw.addTunnel(other.tunnelEndpoint());
            var there = other.addTunnel(sw.tunnelEndpoint());
            try (Nic a = new Nic(sw.attach("lan", "vm-a", FrameFormat.L2TPV3));
                    Nic x = new Nic(sw.attach("elsewhere", "vm-x", FrameFormat.RAW));
                    Nic b = new Nic(other.attach("lan", "vm-b", FrameFormat.L2TPV3))) {
                byte[] hello = frame(BROADCAST, MAC_A, 46);
                a.send(l2tp(1, hello));
                assertArrayEquals(l2tp(1, hello), b.receive(), "a broadcast crosses the tunnel");
                assertNull(x.receive(), "into its own network only");
                byte[] reply = frame(MAC_A, MAC_B, 46);
                b.send(l2tp(1, reply));
                assertArrayEquals(l2tp(1, reply), a.receive(), "and unicast comes back");
                assertEquals(1, sw.tunnels().get(0).txFrames());
                assertEquals(1, sw.tunnels().get(0).rxFrames());

                byte[] jumbo = frame(BROADCAST, MAC_A, 1518 - 14);
                a.send(l2tp(1, jumbo));
                assertNull(b.receive(), "a frame that would not fit the tunnel's MTU is not fragmented");
                assertEquals(1L, sw.tunnels().get(0).drops().get("oversize"));
            }

            // The other host's switch restarts where it was: nothing to do here, MACs are learnt again.
            Endpoint where = other.tunnelEndpoint();
            other.deactivate();
            restarted = new UdpSwitch(config("127.0.0.2", where.port()));
            restarted.createNetwork("lan");
            restarted.addTunnel(sw.tunnelEndpoint());
            try (Nic a = new Nic(sw.attach("lan", "vm-a2", FrameFormat.RAW));
                    Nic b = new Nic(restarted.attach("lan", "vm-b2", FrameFormat.RAW))) {
                byte[] hello = frame(BROADCAST, MAC_A, 46);
                a.send(hello);
                assertArrayEquals(hello, b.receive(), "the tunnel carries frames again with no step taken");
                byte[] reply = frame(MAC_A, MAC_B, 46);
                b.send(reply);
                assertArrayEquals(reply, a.receive(), "and the peer's MACs are learnt again");
            }

            // It restarts on another port: pointing the tunnel there is all it takes.
            restarted.deactivate();
            restarted = new UdpSwitch(config("127.0.0.2"));
            restarted.createNetwork("lan");
            restarted.addTunnel(sw.tunnelEndpoint());
            sw.repointTunnel(here.id(), restarted.tunnelEndpoint());
            try (Nic a = new Nic(sw.attach("lan", "vm-a3", FrameFormat.RAW));
                    Nic b = new Nic(restarted.attach("lan", "vm-b3", FrameFormat.RAW))) {
                byte[] hello = frame(BROADCAST, MAC_A, 46);
                a.send(hello);
                assertArrayEquals(hello, b.receive());
            }
            assertEquals(there.remote(), sw.tunnelEndpoint());
        } finally {
            (restarted == null ? other : restarted).deactivate();
        }
    }

    @Test
    void vxlanOnTheWireIsRfc7348() throws IOException {
        sw.createNetwork("lan");
        try (DatagramChannel peer = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
                Nic a = new Nic(sw.attach("lan", "vm-a", FrameFormat.RAW))) {
            peer.socket().setSoTimeout(500);
            sw.addTunnel(new Endpoint("127.0.0.1",
                    ((InetSocketAddress) peer.getLocalAddress()).getPort()));
            byte[] hello = frame(BROADCAST, MAC_A, 46);
            a.send(hello);
            byte[] wire = receive(peer);
            int vni = UdpSwitch.vni("lan");
            assertArrayEquals(new byte[] {8, 0, 0, 0, (byte) (vni >> 16), (byte) (vni >> 8), (byte) vni, 0},
                    Arrays.copyOf(wire, 8));
            assertArrayEquals(hello, Arrays.copyOfRange(wire, 8, wire.length));

            // Garbage from the peer is counted and dropped; a proper VXLAN frame comes through.
            InetSocketAddress vxlan = new InetSocketAddress("127.0.0.1", sw.tunnelEndpoint().port());
            peer.send(ByteBuffer.wrap(new byte[] {1, 2, 3}), vxlan);
            peer.send(ByteBuffer.wrap(Arrays.copyOf(wire, wire.length)).put(0, (byte) 0), vxlan);
            byte[] unknownVni = Arrays.copyOf(wire, wire.length);
            unknownVni[6] ^= 1;
            peer.send(ByteBuffer.wrap(unknownVni), vxlan);
            byte[] back = Arrays.copyOf(wire, wire.length);
            System.arraycopy(MAC_B, 0, back, 8 + 6, 6);
            peer.send(ByteBuffer.wrap(back), vxlan);
            assertArrayEquals(Arrays.copyOfRange(back, 8, back.length), a.receive());
            assertEquals(Map.of("runt", 1L, "bad-header", 1L, "unknown-vni", 1L), sw.tunnels().get(0).drops());
        }
    }

    @Test
    void badRequestsGetClearErrors() {
        sw.createNetwork("lan");
        assertEquals(ErrorCode.CONFLICT, assertThrows(PlatformException.class, () -> sw.createNetwork("lan")).code());
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(PlatformException.class, () -> sw.createNetwork("Bad Name")).code());
        assertEquals(ErrorCode.NOT_FOUND,
                assertThrows(PlatformException.class, () -> sw.attach("nowhere", "x", FrameFormat.RAW)).code());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(PlatformException.class, () -> sw.detach("lan.none.000000")).code());
        PortBinding p = sw.attach("lan", "vm", FrameFormat.L2TPV3);
        sw.detach(p.portId());
        assertTrue(sw.ports("lan").isEmpty());
    }

    @Test
    void networksAndTunnelsOutliveARestartPortsDoNot(@TempDir Path dir) throws IOException {
        String file = dir.resolve("switch.properties").toString();
        UdpSwitch first = new UdpSwitch(config("127.0.0.3", 0, file));
        TunnelInfo tunnel;
        try {
            first.createNetwork("kept");
            first.createNetwork("gone");
            first.deleteNetwork("gone");
            tunnel = first.addTunnel(new Endpoint("127.0.0.9", 4789));
            first.shape(tunnel.id(), new LinkShape(100, 5, 2_000_000, 0.5));
            first.attach("kept", "vm-a", FrameFormat.RAW);
            assertEquals(ErrorCode.CONFLICT, assertThrows(PlatformException.class, () -> first.deleteNetwork("kept")).code(),
                    "a network with a VM's port on it stays");
        } finally {
            first.deactivate();
        }
        UdpSwitch second = new UdpSwitch(config("127.0.0.3", 0, file));
        try {
            assertEquals(List.of("kept"), second.networks().stream().map(NetworkInfo::name).toList());
            assertEquals(List.of(), second.ports("kept"), "ports are the VMs' to open again");
            TunnelInfo restored = second.tunnels().get(0);
            assertEquals(tunnel.id(), restored.id());
            assertEquals(tunnel.remote(), restored.remote());
            assertEquals(new LinkShape(100, 5, 2_000_000, 0.5), restored.shape());
            assertEquals(ErrorCode.NOT_FOUND, assertThrows(PlatformException.class, () -> second.deleteNetwork("gone")).code());
        } finally {
            second.deactivate();
        }
    }
}
