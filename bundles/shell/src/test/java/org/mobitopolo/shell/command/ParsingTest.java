package org.mobitopolo.shell.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mobitopolo.api.net.Endpoint;
import org.mobitopolo.api.vm.NicSpec;

/** What users type on the console for rates, NICs and guest parameters. */
class ParsingTest {
    @Test
    void ratesTakeSiSuffixes() {
        assertEquals(2_000_000, NetShapeCommand.bits("2M"));
        assertEquals(1_500_000, NetShapeCommand.bits("1.5m"));
        assertEquals(64_000, NetShapeCommand.bits("64k"));
        assertEquals(1_000_000_000, NetShapeCommand.bits("1G"));
        assertEquals(2_000_000, NetShapeCommand.bits("2000000"));
        assertEquals(0, NetShapeCommand.bits("0"));
        assertThrows(IllegalArgumentException.class, () -> NetShapeCommand.bits("fast"));
    }

    @Test
    void cacheSizesTakeBinarySuffixes() {
        assertEquals(64L << 20, ProxyStartCommand.bytes("64M"));
        assertEquals(512L << 10, ProxyStartCommand.bytes("512k"));
        assertEquals(3L << 29, ProxyStartCommand.bytes("1.5G"));
        assertEquals(1000, ProxyStartCommand.bytes("1000"));
        assertEquals(0, ProxyStartCommand.bytes("0"));
        assertThrows(IllegalArgumentException.class, () -> ProxyStartCommand.bytes("big"));
        assertThrows(IllegalArgumentException.class, () -> ProxyStartCommand.bytes("-1M"));
    }

    @Test
    void nicsJoinANetworkOrNameTheirEndpoints() {
        NicSpec onLan = VmText.nic("02:00:00:00:00:01@lan1");
        assertEquals("lan1", onLan.network());
        assertNull(onLan.local());
        NicSpec p2p = VmText.nic("02:00:00:00:00:02,127.0.0.1:47001,127.0.0.1:47002");
        assertEquals(new Endpoint("127.0.0.1", 47001), p2p.local());
        assertEquals(new Endpoint("127.0.0.1", 47002), p2p.remote());
        assertThrows(IllegalArgumentException.class, () -> VmText.nic("02:00:00:00:00:02,127.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> VmText.nic("02:00:00:00:00:02,host,127.0.0.1:1"));
        assertThrows(IllegalArgumentException.class, () -> VmText.nic("zz@lan1"));
    }

    @Test
    void parametersAreKeyValuePairsInOrder() {
        assertEquals(List.of("ip", "http"), List.copyOf(VmText.params(List.of("ip=10.0.0.2/24", "http=80")).keySet()));
        assertEquals(Map.of("gw", ""), VmText.params(List.of("gw=")));
        assertEquals(Map.of(), VmText.params(null));
        assertThrows(IllegalArgumentException.class, () -> VmText.params(List.of("novalue")));
    }
}
