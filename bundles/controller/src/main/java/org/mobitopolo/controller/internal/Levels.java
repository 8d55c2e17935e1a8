package org.mobitopolo.controller.internal;

import java.util.HashMap;
import java.util.Map;
import org.mobitopolo.api.topology.Topology;
import org.mobitopolo.api.topology.TopologyNode;

/** Each node's depth in the {@code depends-on} graph: 0 without dependencies, else one more than its deepest. */
final class Levels {
    private Levels() {}

    /** The levels; the graph is acyclic ({@link TopologyChecks} refused cycles). Memoized: linear in edges. */
    static Map<String, Integer> of(Topology t) {
        Map<String, TopologyNode> byName = new HashMap<>();
        t.nodes().forEach(n -> byName.put(n.name(), n));
        Map<String, Integer> levels = new HashMap<>();
        t.nodes().forEach(n -> level(n.name(), byName, levels));
        return levels;
    }

    private static int level(String name, Map<String, TopologyNode> byName, Map<String, Integer> levels) {
        Integer known = levels.get(name);
        if (known != null) {
            return known;
        }
        int level = 0;
        TopologyNode n = byName.get(name);
        if (n != null) {
            for (String d : n.dependsOn()) {
                level = Math.max(level, level(d, byName, levels) + 1);
            }
        }
        levels.put(name, level);
        return level;
    }
}
