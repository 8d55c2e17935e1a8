package org.mobitopolo.shell.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UnitsTest {
    @Test
    void printsBinaryUnits() {
        assertEquals("512 B", Units.bytes(512));
        assertEquals("1.0 KiB", Units.bytes(1024));
        assertEquals("1.5 MiB", Units.bytes(1536 * 1024));
        assertEquals("23.5 GiB", Units.bytes(25_276_502_016L));
    }

    @Test
    void printsIperf3sUnits() {
        assertEquals("2.81 GBytes", Units.transfer(3_017_216_655L));
        assertEquals("128 KBytes", Units.transfer(131_072));
        assertEquals("900 Bytes", Units.transfer(900));
        assertEquals("24.1 Gbits/sec", Units.bitrate(24.1e9));
        assertEquals("1.05 Mbits/sec", Units.bitrate(1_048_576));
        assertEquals("0.00 bits/sec", Units.bitrate(0));
    }
}
