package org.mobitopolo.host.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    private static final String HEADER =
            "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n";

    @Test
    void picksTheDefaultRouteWithTheLowestMetric() {
        String table = HEADER
                + "wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n"
                + "eth0\t00000000\t010200C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
                + "eth0\t000200C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\n";
        assertEquals(Optional.of(new RouteTable.Default("eth0", "192.0.2.1", 100)), RouteTable.defaultRoute(table));
    }

    @Test
    void ignoresRoutesThatAreDown() {
        String table = HEADER + "eth1\t00000000\t010200C0\t0002\t0\t0\t0\t00000000\t0\t0\t0\n";
        assertTrue(RouteTable.defaultRoute(table).isEmpty());
    }

    @Test
    void aHostWithoutDefaultRouteHasNone() {
        String table = HEADER + "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n";
        assertTrue(RouteTable.defaultRoute(table).isEmpty());
        assertTrue(RouteTable.defaultRoute("").isEmpty());
    }

    @Test
    void decodesLittleEndianAddresses() {
        assertEquals("192.0.2.1", RouteTable.ipv4("010200C0"));
        assertEquals("0.0.0.0", RouteTable.ipv4("00000000"));
        assertEquals("255.255.255.0", RouteTable.ipv4("00FFFFFF"));
    }
}
