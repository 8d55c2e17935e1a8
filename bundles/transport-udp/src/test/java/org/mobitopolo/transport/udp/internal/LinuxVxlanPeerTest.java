package org.mobitopolo.transport.udp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mobitopolo.api.net.Endpoint;
import org.mobitopolo.api.net.FrameFormat;
import org.mobitopolo.api.net.PortBinding;

/**
 * The switch peers with the Linux kernel's own VXLAN: a {@code vxlan} device in a network namespace
 * (a host of its own, joined by a veth pair) resolves the address of a port on the switch's network
 * with ARP, both ways through the tunnel.
 */
class LinuxVxlanPeerTest {
    private static final String HOST_SIDE = "10.201.0.1";
    private static final String PEER_SIDE = "10.201.0.2";
    private static final int VXLAN_PORT = 4790; // not 4789: a Mobitopolo running on this machine may hold it
    private static final byte[] PORT_MAC = HexFormat.ofDelimiter(":").parseHex("02:00:00:0a:0b:0c");

    private final String id = UUID.randomUUID().toString().substring(0, 6);
    private final String ns = "mobi-vx-" + id;
    private final String veth = "mvx" + id;
    private UdpSwitch sw;

    @BeforeEach
    void peerHost() throws Exception {
        sh("ip", "netns", "add", ns);
        sh("ip", "link", "add", veth + "a", "type", "veth", "peer", "name", veth + "b");
        sh("ip", "link", "set", veth + "b", "netns", ns);
        sh("ip", "addr", "add", HOST_SIDE + "/30", "dev", veth + "a");
        sh("ip", "link", "set", veth + "a", "up");
        inNs("ip", "addr", "add", PEER_SIDE + "/30", "dev", veth + "b");
        inNs("ip", "link", "set", veth + "b", "up");
        inNs("ip", "link", "set", "lo", "up");
        sw = new UdpSwitch(new UdpSwitch.Config() {
            @Override public Class<? extends Annotation> annotationType() { return UdpSwitch.Config.class; }
            @Override public String bindAddress() { return "127.0.0.1"; }
            @Override public int ageingSeconds() { return 300; }
            @Override public int maxFrameBytes() { return 1518; }
            @Override public String vxlanAddress() { return HOST_SIDE; }
            @Override public int vxlanPort() { return VXLAN_PORT; }
            @Override public String stateFile() { return ""; }
            @Override public int tunnelMtu() { return 1500; }
            @Override public int spinMicros() { return 200; }
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        if (sw != null) {
            sw.deactivate();
        }
        quietly("ip", "link", "del", veth + "a"); // takes its peer in the namespace with it
        quietly("ip", "netns", "del", ns);
    }

    @Test
    void aLinuxVxlanDeviceResolvesAPortsAddressThroughTheTunnel() throws Exception {
        int vni = sw.createNetwork("kernel-peer").vni();
        inNs("ip", "link", "add", "vx0", "type", "vxlan", "id", Integer.toString(vni), "local", PEER_SIDE,
                "remote", HOST_SIDE, "dstport", Integer.toString(VXLAN_PORT), "dev", veth + "b");
        inNs("ip", "addr", "add", "10.202.0.1/24", "dev", "vx0");
        inNs("ip", "link", "set", "vx0", "up");
        sw.addTunnel(new Endpoint(PEER_SIDE, VXLAN_PORT));

        PortBinding port = sw.attach("kernel-peer", "arp-responder", FrameFormat.RAW);
        try (DatagramChannel nic = DatagramChannel.open()
                .bind(new InetSocketAddress(port.vmEndpoint().host(), port.vmEndpoint().port()))) {
            nic.socket().setSoTimeout(3000);
            Process ping = new ProcessBuilder("ip", "netns", "exec", ns, "busybox", "ping", "-c", "1", "-W", "2", "10.202.0.2")
                    .redirectErrorStream(true).start();
            try {
                // The kernel's ARP request, decapsulated by the switch: a broadcast from vx0 asking for
                // 10.202.0.2 (IPv6 multicast the new device sends may come first).
                byte[] request = UdpSwitchTest.receive(nic);
                while (request != null && (((request[12] & 0xff) << 8) | (request[13] & 0xff)) != 0x0806) {
                    request = UdpSwitchTest.receive(nic);
                }
                assertNotNull(request, "the kernel's ARP request crossed the tunnel into the switch");
                assertArrayEquals(new byte[] {10, (byte) 202, 0, 2}, Arrays.copyOfRange(request, 38, 42));

                nic.send(ByteBuffer.wrap(arpReply(request)),
                        new InetSocketAddress(port.switchEndpoint().host(), port.switchEndpoint().port()));
                String neighbour = "";
                for (int i = 0; i < 40 && !neighbour.contains("02:00:00:0a:0b:0c"); i++) {
                    Thread.sleep(50);
                    neighbour = inNs("ip", "neigh", "show", "10.202.0.2", "dev", "vx0");
                }
                assertTrue(neighbour.contains("02:00:00:0a:0b:0c"),
                        "the kernel learnt the port's MAC from the reply the switch tunnelled back: " + neighbour);
            } finally {
                ping.destroyForcibly();
                ping.waitFor(5, TimeUnit.SECONDS);
            }
        }
        var tunnel = sw.tunnels().get(0);
        assertTrue(tunnel.rxFrames() >= 1 && tunnel.txFrames() >= 1, tunnel.toString());
        assertTrue(tunnel.drops().isEmpty(), "nothing the kernel sent was rejected: " + tunnel.drops());
    }

    /** The ARP reply to a request: 10.202.0.2 is at {@link #PORT_MAC}. */
    private static byte[] arpReply(byte[] request) {
        byte[] asker = Arrays.copyOfRange(request, 6, 12);
        ByteBuffer f = ByteBuffer.allocate(60);
        f.put(asker).put(PORT_MAC).putShort((short) 0x0806);
        f.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) 2);
        f.put(PORT_MAC).put(new byte[] {10, (byte) 202, 0, 2});
        f.put(asker).put(Arrays.copyOfRange(request, 28, 32)); // the asker's own IP address
        return f.array();
    }

    private String inNs(String... command) throws Exception {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        all.addAll(List.of(command));
        return sh(all.toArray(String[]::new));
    }

    /** Cleans up what a setup that failed half-way may not have made. */
    private static void quietly(String... command) throws IOException, InterruptedException {
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                .waitFor(10, TimeUnit.SECONDS);
    }

    private static String sh(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
