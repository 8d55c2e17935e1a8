package org.mobitopolo.controller.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.mobitopolo.api.topology.Deployment;
import org.mobitopolo.api.topology.StepKind;
import org.mobitopolo.api.topology.Topology;

/**
 * Everything a deployment has, removed in the reverse of the order it was made: VMs dependents first
 * (VMs the last topology does not know first of all), then tunnels, then networks.
 */
final class Destroyer {
    private Destroyer() {}

    static Waves destroy(Deployment current, Topology lastApplied) {
        Map<String, Integer> levels = lastApplied == null ? Map.of() : Levels.of(lastApplied);
        int deepest = levels.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        Waves waves = new Waves();
        Waves.Phase vms = waves.phase();
        Waves.Phase tunnels = waves.phase();
        Waves.Phase networks = waves.phase();
        new TreeMap<>(current.hosts()).forEach((h, d) -> {
            for (String vm : new TreeSet<>(d.vms().keySet())) {
                Integer level = levels.get(vm);
                vms.add(level == null ? 0 : deepest - level + 1, h, StepKind.DELETE_VM, vm, "", null,
                        "delete VM " + vm + " on " + h);
            }
            new TreeSet<>(d.tunnels().keySet()).forEach(b -> tunnels.add(0, h, StepKind.CLOSE_TUNNEL, b, b, null,
                    "close tunnel " + h + " -> " + b));
            new TreeSet<>(d.networks()).forEach(n -> networks.add(0, h, StepKind.DELETE_NETWORK, n, "", null,
                    "delete network " + n + " on " + h));
        });
        return waves;
    }
}
