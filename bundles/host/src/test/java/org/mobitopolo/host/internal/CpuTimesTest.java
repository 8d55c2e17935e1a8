package org.mobitopolo.host.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CpuTimesTest {
    @Test
    void busyIsAllButIdleAndIowaitOfTheFirstEightFields() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        CpuTimes t = CpuTimes.parse("cpu  100 10 50 800 40 5 5 0 30 0\ncpu0 50 5 25 400 20 2 3 0 15 0\n");
        assertEquals(1010, t.total());
        assertEquals(170, t.busy());
    }

    @Test
    void theShareIsTheBusyTicksOfTheTicksBetweenTwoReads() {
        CpuTimes before = new CpuTimes(170, 1010);
        CpuTimes after = new CpuTimes(170 + 150, 1010 + 200);
        assertEquals(75.0, after.busyPercentSince(before), 1e-9);
        assertEquals(0.0, before.busyPercentSince(before), "no tick passed");
        assertEquals(170 * 100.0 / 1010, before.busyPercentSince(CpuTimes.BOOT), 1e-9);
    }

    @Test
    void loadAveragesAreTheFirstThreeFigures() {
        assertEquals(List.of(0.52, 0.4, 0.33), CpuTimes.loadAverage("0.52 0.40 0.33 2/311 12345\n"));
    }

    @Test
    void aFileWithoutACpuLineIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CpuTimes.parse("intr 1 2 3\n"));
    }
}
