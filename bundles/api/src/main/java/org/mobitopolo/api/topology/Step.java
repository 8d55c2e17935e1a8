package org.mobitopolo.api.topology;

import static java.util.Objects.requireNonNull;

import org.mobitopolo.api.net.LinkShape;
import org.mobitopolo.api.vm.VmSpec;

/**
 * One thing to do on one host. Every step is idempotent in effect: an executor that resumes a plan
 * after a failure plans again from what exists, and a step whose effect is already there is not
 * planned again.
 *
 * @param wave the step's wave, from 1: every step of a wave may run in parallel (at most
 *     {@link Plan#parallelism(String)} at once per host), once every step of the waves before it is done
 * @param host the host it runs on (the topology's name for it)
 * @param kind what it does
 * @param target the network (network steps), VM (VM and port steps), peer host (tunnel steps) or
 *     snapshot ({@link StepKind#FETCH_SNAPSHOT}) or image ({@link StepKind#BUILD_IMAGE}) it acts on
 * @param peer the other host (tunnel steps; for {@link StepKind#MIGRATE_VM} where the VM goes, for
 *     {@link StepKind#FETCH_SNAPSHOT} where the snapshot comes from), the network (for
 *     {@link StepKind#SHAPE_PORT}), the snapshot to take ({@link StepKind#SNAPSHOT_VM}); empty otherwise
 * @param vm the VM's spec for {@link StepKind#CREATE_VM} and {@link StepKind#MIGRATE_VM}, else {@code null}
 * @param specHash the spec's hash for those kinds, to be journaled with the VM ({@link DeployedVm#specHash()}); for
 *     {@link StepKind#CONFIGURE_SERVICES} the hash of the network's services ({@link DeployedHost#services()}); else empty
 * @param shape the shape for {@link StepKind#SHAPE_TUNNEL} and {@link StepKind#SHAPE_PORT}
 *     ({@link LinkShape#NONE} lifts one), else {@code null}
 * @param detail one line for the user, e.g. {@code create VM web (uml, 64 MiB) on tokyo}
 */
public record Step(int wave, String host, StepKind kind, String target, String peer, VmSpec vm, String specHash,
        LinkShape shape, String detail) {
    /** Checks that the kind has what it needs. */
    public Step {
        requireNonNull(host, "host");
        requireNonNull(kind, "kind");
        requireNonNull(target, "target");
        peer = peer == null ? "" : peer;
        specHash = specHash == null ? "" : specHash;
        requireNonNull(detail, "detail");
        if (wave < 1) {
            throw new IllegalArgumentException("waves count from 1, got " + wave);
        }
        boolean needsVm = kind == StepKind.CREATE_VM || kind == StepKind.MIGRATE_VM;
        if (needsVm != (vm != null)) {
            throw new IllegalArgumentException(kind + " steps " + (needsVm ? "need" : "take no") + " VM spec");
        }
        boolean needsHash = needsVm || kind == StepKind.CONFIGURE_SERVICES;
        if (needsHash == specHash.isEmpty()) {
            throw new IllegalArgumentException(kind + " steps " + (needsHash ? "need" : "take no") + " spec hash");
        }
        boolean needsShape = kind == StepKind.SHAPE_TUNNEL || kind == StepKind.SHAPE_PORT;
        if (needsShape != (shape != null)) {
            throw new IllegalArgumentException(kind + " steps " + (needsShape ? "need" : "take no") + " shape");
        }
        boolean needsPeer = needsShape || kind == StepKind.OPEN_TUNNEL || kind == StepKind.CLOSE_TUNNEL
                || kind == StepKind.MIGRATE_VM || kind == StepKind.FETCH_SNAPSHOT || kind == StepKind.FETCH_IMAGE
                || kind == StepKind.SNAPSHOT_VM;
        if (needsPeer == peer.isEmpty()) {
            throw new IllegalArgumentException(kind + " steps " + (needsPeer ? "need" : "take no") + " peer");
        }
    }

    /**
     * What the step is about, the same in every plan that has it: {@code KIND host target [peer]}. A
     * journal keys its entries on it.
     */
    public String key() {
        return kind + " " + host + " " + target + (peer.isEmpty() ? "" : " " + peer);
    }
}
