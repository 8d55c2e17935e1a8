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
}
