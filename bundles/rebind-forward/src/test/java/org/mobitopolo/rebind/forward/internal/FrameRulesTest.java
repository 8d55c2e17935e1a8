package org.mobitopolo.rebind.forward.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameRulesTest {
    private static final String VM = "52:54:00:0a:00:05";
    private static final byte[] VM_MAC = FrameRules.parseMac(VM);
    private static final byte[] OTHER = FrameRules.parseMac("02:00:00:0b:00:09");
    private static final byte[] BROADCAST = FrameRules.parseMac("ff:ff:ff:ff:ff:ff");
    private final FrameRules rules = new FrameRules(VM, "10.1.0.5", "10.1.0.0/24");

    private static ByteBuffer arp(byte[] dst, byte[] src, String sender, String target) {
        ByteBuffer f = ByteBuffer.allocate(42);
        f.put(dst).put(src).putShort((short) 0x0806).putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4)
                .putShort((short) 1).put(src).putInt(FrameRules.parseAddress(sender)).put(new byte[6])
                .putInt(FrameRules.parseAddress(target));
        return f.flip();
    }

    private static ByteBuffer ipv4(byte[] dst, byte[] src, String from, String to) {
        ByteBuffer f = ByteBuffer.allocate(60);
        f.put(dst).put(src).putShort((short) 0x0800).put((byte) 0x45).position(14 + 12);
        f.putInt(FrameRules.parseAddress(from)).putInt(FrameRules.parseAddress(to));
        return f.position(0);
    }

    @Test
    void towardsTheVmPassOnlyItsFramesAndArpForItsOldAddress() {
        assertTrue(rules.towardsVm(ipv4(VM_MAC, OTHER, "10.1.0.9", "10.1.0.5")));
        assertTrue(rules.towardsVm(arp(BROADCAST, OTHER, "10.1.0.9", "10.1.0.5")), "a neighbour asking for its old address");
        assertFalse(rules.towardsVm(arp(BROADCAST, OTHER, "10.1.0.9", "10.1.0.7")), "ARP for another VM");
        assertFalse(rules.towardsVm(ipv4(BROADCAST, OTHER, "0.0.0.0", "255.255.255.255")), "a DHCP discover of the old network");
        assertFalse(rules.towardsVm(ipv4(OTHER, VM_MAC, "10.1.0.9", "10.1.0.7")), "traffic between others");
    }

    @Test
    void fromTheVmPassOnlyItsTrafficWithTheOldSubnet() {
        assertTrue(rules.fromVm(ipv4(OTHER, VM_MAC, "10.1.0.5", "10.1.0.9")), "a reply of an old connection");
        assertTrue(rules.fromVm(ipv4(OTHER, VM_MAC, "10.2.0.7", "10.1.0.9")), "a reply from its new address to the old subnet");
        assertTrue(rules.fromVm(arp(BROADCAST, VM_MAC, "10.1.0.5", "10.1.0.9")), "it asks for a neighbour there");
        assertFalse(rules.fromVm(ipv4(BROADCAST, VM_MAC, "0.0.0.0", "255.255.255.255")), "its DHCP on the new network");
        assertFalse(rules.fromVm(ipv4(OTHER, VM_MAC, "10.2.0.7", "10.2.0.1")), "traffic on the new network");
        assertFalse(rules.fromVm(ipv4(VM_MAC, OTHER, "10.1.0.9", "10.1.0.5")), "another MAC's frame");
    }

    @Test
    void theAnnouncementIsAGratuitousArpFromTheVm() {
        ByteBuffer a = ByteBuffer.wrap(rules.announcement());
        assertTrue(rules.towardsVm(a), "ARP for the old address");
        assertTrue(a.equals(arp(BROADCAST, VM_MAC, "10.1.0.5", "10.1.0.5")), "from its MAC, sender and target its old address");
    }

    @Test
    void shortAndRandomFramesAreRefusedWithoutAnError() {
        Random random = new Random(42);
        for (int i = 0; i < 100_000; i++) {
            byte[] f = new byte[random.nextInt(80)];
            random.nextBytes(f);
            if (random.nextBoolean() && f.length >= 12) {
                System.arraycopy(VM_MAC, 0, f, random.nextBoolean() ? 0 : 6, 6);
            }
            assertDoesNotThrow(() -> {
                rules.towardsVm(ByteBuffer.wrap(f));
                rules.fromVm(ByteBuffer.wrap(f));
            });
        }
    }

    @Test
    void aSpecThatDoesNotHoldTogetherIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FrameRules(VM, "10.2.0.5", "10.1.0.0/24"));
        assertThrows(IllegalArgumentException.class, () -> new FrameRules("52:54:00", "10.1.0.5", "10.1.0.0/24"));
        assertThrows(IllegalArgumentException.class, () -> new FrameRules(VM, "10.1.0.300", "10.1.0.0/24"));
        assertThrows(IllegalArgumentException.class, () -> new FrameRules(VM, "10.1.0.5", "10.1.0.0"));
    }
}
