package org.mobitopolo.controller.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.mobitopolo.api.topology.Deployment;
import org.mobitopolo.api.topology.HostCapacity;
import org.mobitopolo.api.topology.Plan;
import org.mobitopolo.api.topology.Step;
import org.mobitopolo.api.topology.StepKind;
import org.mobitopolo.api.topology.Topology;
import org.mobitopolo.api.topology.TopologyPlanner;
import org.osgi.service.component.annotations.Component;

/** The planner: stateless, so one instance serves every caller at once. */
@Component(service = TopologyPlanner.class)
public final class DefaultTopologyPlanner implements TopologyPlanner {
    @Override
    public Topology read(String text) {
        Objects.requireNonNull(text, "text");
        Problems problems = new Problems();
        Tree root = Tree.parse(text, problems);
        if (root == null) {
            problems.throwIfAny(); // malformed: nothing more can be read
        }
        TopologyReader reader = new TopologyReader(problems);
        Topology raw = reader.read(root);
        new TopologyChecks(problems, reader.where()).check(raw);
        problems.throwIfAny();
        return Macs.fill(raw);
    }

    @Override
    public Plan plan(Topology desired, Deployment current, Collection<HostCapacity> capacity) {
        Problems problems = new Problems();
        Map<String, String> placement = Placement.place(desired, current, capacity, problems);
        problems.throwIfAny();
        var steps = new Planner(desired, current, placement, capacity).plan().steps();
        Map<String, Integer> parallelism = new HashMap<>();
        capacity.forEach(c -> parallelism.put(c.host(), Math.max(1, c.cores())));
        return new Plan(desired.name(), steps, placement, only(parallelism, steps));
    }

    @Override
    public Plan destroy(Deployment current, Topology lastApplied) {
        String name = lastApplied == null ? "" : lastApplied.name();
        return new Plan(name, Destroyer.destroy(current, lastApplied).steps(), Map.of(), Map.of());
    }

    @Override
    public Plan snapshot(Deployment current, Topology applied, String snapshot) {
        Waves waves = new Waves();
        Waves.Phase freeze = waves.phase();
        Waves.Phase take = waves.phase();
        Waves.Phase resume = waves.phase();
        Map<String, Integer> parallelism = new HashMap<>();
        new TreeMap<>(current.hosts()).forEach((h, d) -> new TreeMap<>(d.vms()).forEach((vm, v) -> {
            if (applied.node(vm).isEmpty()) {
                return;
            }
            if (v.running()) {
                freeze.add(0, h, StepKind.FREEZE_VM, vm, "", null, "freeze VM " + vm + " on " + h);
                resume.add(0, h, StepKind.RESUME_VM, vm, "", null, "resume VM " + vm + " on " + h);
            }
            String name = vmSnapshot(snapshot, vm);
            take.add(0, h, StepKind.SNAPSHOT_VM, vm, name, null, "snapshot VM " + vm + " on " + h + " as " + name
                    + (v.running() ? "" : " (not running: its disk)"));
            parallelism.merge(h, 1, Integer::sum); // freezing and resuming wait on the guest, not on the host's cores
        }));
        return new Plan(applied.name(), waves.steps(), Map.of(), parallelism);
    }

    /** The VM snapshot of a node in a distributed snapshot. */
    static String vmSnapshot(String snapshot, String vm) {
        return snapshot + "-" + vm;
    }

    private static Map<String, Integer> only(Map<String, Integer> parallelism, Collection<Step> steps) {
        Map<String, Integer> out = new HashMap<>();
        steps.forEach(s -> out.put(s.host(), parallelism.getOrDefault(s.host(), 1)));
        return out;
    }
}
