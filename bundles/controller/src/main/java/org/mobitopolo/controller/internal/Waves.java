package org.mobitopolo.controller.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import org.mobitopolo.api.net.LinkShape;
import org.mobitopolo.api.topology.Step;
import org.mobitopolo.api.topology.StepKind;
import org.mobitopolo.api.vm.VmSpec;

/**
 * Steps gathered in phases, each phase in levels; {@link #steps()} numbers the non-empty levels as
 * waves, so that a plan has no empty wave whatever it leaves out.
 */
final class Waves {
    private final List<Phase> phases = new ArrayList<>();

    Phase phase() {
        Phase p = new Phase();
        phases.add(p);
        return p;
    }

    /** The steps, wave by wave, each wave by host, kind, target and peer: the same plan for the same input. */
    List<Step> steps() {
        List<Step> out = new ArrayList<>();
        int wave = 0;
        for (Phase p : phases) {
            for (List<Draft> level : p.levels.values()) {
                wave++;
                level.sort(Comparator.comparing(Draft::host).thenComparing(d -> d.kind).thenComparing(Draft::target)
                        .thenComparing(Draft::peer));
                for (Draft d : level) {
                    out.add(new Step(wave, d.host, d.kind, d.target, d.peer, d.vm, d.specHash, d.shape, d.detail));
                }
            }
        }
        return out;
    }

    /** A stage of the plan; a higher level runs after a lower one. */
    static final class Phase {
        private final TreeMap<Integer, List<Draft>> levels = new TreeMap<>();

        /** A step without a VM spec; {@code shape} only for the shaping kinds. */
        void add(int level, String host, StepKind kind, String target, String peer, LinkShape shape, String detail) {
            draft(level, new Draft(host, kind, target, peer, null, "", shape, detail));
        }

        /** A step that starts or changes a network's services, whose settings hash to {@code hash}. */
        void addServices(String host, String network, String hash, String detail) {
            draft(0, new Draft(host, StepKind.CONFIGURE_SERVICES, network, "", null, hash, null, detail));
        }

        /** A step that makes or moves a VM. */
        void addVm(int level, String host, StepKind kind, String target, String peer, VmSpec vm, String specHash,
                String detail) {
            draft(level, new Draft(host, kind, target, peer, vm, specHash, null, detail));
        }

        private void draft(int level, Draft d) {
            levels.computeIfAbsent(level, l -> new ArrayList<>()).add(d);
        }
    }

    private record Draft(String host, StepKind kind, String target, String peer, VmSpec vm, String specHash, LinkShape shape,
            String detail) {}
}
