package org.mobitopolo.rebind.arp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The announcements as tcpdump, a real decoder, reads them. */
class AnnouncementsTest {
    @TempDir
    Path dir;

    @Test
    void gratuitousArpPerIpv4AddressNeighbourAdvertisementsThenRarpForTheMac() throws Exception {
        List<byte[]> frames = Announcements.of("02:00:00:00:00:05", List.of("10.0.0.5", "192.168.7.1", "fd00::5"));
        String[] lines = tcpdump(frames).split("\n");
        assertEquals(5, lines.length, String.join("\n", lines));
        assertTrue(lines[0].contains("02:00:00:00:00:05 > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 60: ")
                && lines[0].contains("Request who-has 10.0.0.5 tell 10.0.0.5"), lines[0]);
        assertTrue(lines[1].contains("Request who-has 192.168.7.1 tell 192.168.7.1"), lines[1]);
        // the link-local address Linux gives that MAC, then the NIC's own; tcpdump -v checks the ICMPv6 checksum
        assertTrue(lines[2].contains("02:00:00:00:00:05 > 33:33:00:00:00:01, ethertype IPv6 (0x86dd)")
                && lines[2].contains("hlim 255") && lines[2].contains("fe80::ff:fe00:5 > ff02::1: [icmp6 sum ok] ICMP6, "
                + "neighbor advertisement, length 32, tgt is fe80::ff:fe00:5, Flags [override]"), lines[2]);
        assertTrue(lines[3].contains("fd00::5 > ff02::1: [icmp6 sum ok] ICMP6, neighbor advertisement, length 32, tgt is fd00::5"),
                lines[3]);
        assertTrue(lines[4].contains("ethertype Reverse ARP (0x8035), length 60: ")
                && lines[4].contains("Reverse Request who-is 02:00:00:00:00:05 tell 02:00:00:00:00:05"), lines[4]);
    }

    @Test
    void aNicWithoutAddressesIsAnnouncedByItsLinkLocalAddressAndRarp() throws Exception {
        assertEquals(2, Announcements.of("02:00:00:00:00:06", List.of()).size());
    }

    @Test
    void namesAreNotLookedUp() {
        assertThrows(IllegalArgumentException.class, () -> Announcements.of("02:00:00:00:00:06", List.of("example.org")));
    }

    /** tcpdump's reading of the frames, written to a pcap file (link type Ethernet): one line per frame. */
    private String tcpdump(List<byte[]> frames) throws IOException, InterruptedException {
        ByteBuffer pcap = ByteBuffer.allocate(24 + frames.stream().mapToInt(f -> 16 + f.length).sum()).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        for (byte[] f : frames) {
            pcap.putInt(0).putInt(0).putInt(f.length).putInt(f.length).put(f);
        }
        Path file = Files.write(dir.resolve("announce.pcap"), pcap.array());
        Process p = new ProcessBuilder("tcpdump", "-nn", "-e", "-v", "-r", file.toString()).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        // -v continues a packet's details on indented lines: one line per frame is kept
        return String.join("\n", out.strip().lines().filter(l -> !l.startsWith("\t") && !l.startsWith(" ")).toList());
    }
}
