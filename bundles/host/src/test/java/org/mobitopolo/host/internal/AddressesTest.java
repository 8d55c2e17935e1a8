package org.mobitopolo.host.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class AddressesTest {
    private static String text(String literal) throws UnknownHostException {
        return Addresses.text(InetAddress.getByName(literal));
    }

    @Test
    void compressesIpv6LikeIpAddr() throws UnknownHostException {
        assertEquals("fd00::2", text("fd00:0:0:0:0:0:0:2"));
        assertEquals("fe80::fc:ff:fe00:1", text("fe80:0:0:0:fc:ff:fe00:1"));
        assertEquals("::1", text("0:0:0:0:0:0:0:1"));
        assertEquals("::", text("0:0:0:0:0:0:0:0"));
        assertEquals("2001:db8::", text("2001:db8:0:0:0:0:0:0"));
    }

    @Test
    void compressesOnlyTheFirstLongestRunOfTwoOrMore() throws UnknownHostException {
        assertEquals("2001:db8::1:0:0:1", text("2001:db8:0:0:1:0:0:1"));
        assertEquals("2001:0:0:1::1", text("2001:0:0:1:0:0:0:1"));
        assertEquals("2001:db8:0:1:1:1:1:1", text("2001:db8:0:1:1:1:1:1"));
    }

    @Test
    void leavesIpv4AloneAndAddsThePrefix() throws UnknownHostException {
        assertEquals("192.0.2.2/24", Addresses.cidr(InetAddress.getByName("192.0.2.2"), 24));
    }
}
