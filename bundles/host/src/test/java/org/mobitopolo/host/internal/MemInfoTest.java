package org.mobitopolo.host.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MemInfoTest {
    @Test
    void readsTotalAndAvailableInBytes() {
        MemInfo m = MemInfo.parse("MemTotal:       24684084 kB\nMemFree:        23990000 kB\nMemAvailable:   23991280 kB\n"
                + "HugePages_Total:       0\n");
        assertEquals(24684084L * 1024, m.totalBytes());
        assertEquals(23991280L * 1024, m.availableBytes());
    }

    @Test
    void fallsBackToFreeOnOldKernels() {
        assertEquals(1024L * 1024, MemInfo.parse("MemTotal: 2048 kB\nMemFree: 1024 kB\n").availableBytes());
    }
}
