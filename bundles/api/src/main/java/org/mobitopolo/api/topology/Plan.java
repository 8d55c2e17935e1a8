package org.mobitopolo.api.topology;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What to do to bring the hosts to a topology (or to remove it): steps in waves.
 *
 * @param topology the topology's name
 * @param steps the steps, by wave, then by host, kind and target
 * @param placement where each node of the topology runs once the plan is done (empty for a destroy)
 * @param parallelism per host, how many of a wave's steps may run there at once (its cores)
 */
public record Plan(String topology, List<Step> steps, Map<String, String> placement, Map<String, Integer> parallelism) {
    /** Checks that no part is missing and copies the collections. */
    public Plan {
        requireNonNull(topology, "topology");
        steps = List.copyOf(steps);
        placement = Map.copyOf(placement);
        parallelism = Map.copyOf(parallelism);
    }

    /** Whether the hosts already are as the topology says: nothing to do. */
    public boolean noChanges() {
        return steps.isEmpty();
    }

    /** How many steps may run at once on that host: its cores, 1 when unknown. */
    public int parallelism(String host) {
        return Math.max(1, parallelism.getOrDefault(host, 1));
    }

    /** The steps wave by wave: element {@code i} holds wave {@code i + 1}. */
    public List<List<Step>> waves() {
        List<List<Step>> waves = new ArrayList<>();
        for (Step s : steps) {
            while (waves.size() < s.wave()) {
                waves.add(new ArrayList<>());
            }
            waves.get(s.wave() - 1).add(s);
        }
        return waves.stream().map(List::copyOf).toList();
    }

    /**
     * One line: {@code no changes}, or how many steps of each kind over how many hosts and waves, e.g.
     * {@code 7 steps in 4 waves on 2 hosts: 2 create-network, 2 open-tunnel, 3 create-vm}.
     */
    public String summary() {
        if (noChanges()) {
            return "no changes";
        }
        Map<StepKind, Long> byKind = steps.stream()
                .collect(Collectors.groupingBy(Step::kind, () -> new EnumMap<>(StepKind.class), Collectors.counting()));
        long hosts = steps.stream().map(Step::host).distinct().count();
        int waves = steps.get(steps.size() - 1).wave();
        return steps.size() + (steps.size() == 1 ? " step" : " steps") + " in " + waves + (waves == 1 ? " wave" : " waves")
                + " on " + hosts + (hosts == 1 ? " host: " : " hosts: ")
                + byKind.entrySet().stream()
                        .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                        .collect(Collectors.joining(", "));
    }
}
