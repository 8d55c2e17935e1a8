package org.mobitopolo.controller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mobitopolo.api.topology.Topology;

class MacsTest {
    private final DefaultTopologyPlanner planner = new DefaultTopologyPlanner();

    private static final String TWO = """
            name: macs
            networks: {a: {}, b: {}}
            nodes:
              x: {nics: [a, b]}
              y: {nics: [a]}
            """;

    private static String mac(Topology t, String node, int nic) {
        return t.node(node).orElseThrow().nics().get(nic).mac();
    }

    @Test
    void theSameFileGivesTheSameMacs() {
        Topology first = planner.read(TWO);
        Topology again = planner.read(TWO);
        assertEquals(first, again);
        assertEquals(Macs.generate("macs", "x", 0, new HashSet<>()), mac(first, "x", 0), "from the names and the index alone");
        Set<String> all = Set.of(mac(first, "x", 0), mac(first, "x", 1), mac(first, "y", 0));
        assertEquals(3, all.size());
        for (String m : all) {
            // 02: locally administered (bit 1) and unicast (bit 0 clear)
            assertTrue(m.matches("02(:[0-9a-f]{2}){5}"), m);
        }
    }

    @Test
    void aNodeKeepsItsMacsWhenOthersComeAndGo() {
        Topology before = planner.read(TWO);
        Topology after = planner.read(TWO.replace("  y: {nics: [a]}\n", "  w: {nics: [b]}\n  y: {nics: [a]}\n"));
        assertEquals(mac(before, "y", 0), mac(after, "y", 0));
        assertEquals(mac(before, "x", 1), mac(after, "x", 1));
    }

    @Test
    void anotherTopologyGetsOtherMacs() {
        assertNotEquals(mac(planner.read(TWO), "x", 0), mac(planner.read(TWO.replace("name: macs", "name: other")), "x", 0));
    }

    @Test
    void neverOneTheFileGivesElsewhere() {
        String clash = Macs.generate("macs", "y", 0, new HashSet<>());
        Topology t = planner.read(TWO.replace("x: {nics: [a, b]}", "x: {nics: [{network: a, mac: '" + clash.toUpperCase() + "'}, b]}"));
        assertEquals(clash, mac(t, "x", 0));
        assertNotEquals(clash, mac(t, "y", 0), "the generated one steps aside");
        assertEquals(Macs.generate("macs", "y", 0, new HashSet<>(List.of(clash))), mac(t, "y", 0), "deterministically");
    }
}
