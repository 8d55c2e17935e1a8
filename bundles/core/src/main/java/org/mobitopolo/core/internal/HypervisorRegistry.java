package org.mobitopolo.core.internal;

import static java.util.Comparator.comparing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.vm.Hypervisor;
import org.mobitopolo.api.vm.VmMigration;
import org.mobitopolo.api.vm.SnapshotInfo;
import org.mobitopolo.api.vm.VmInfo;
import org.mobitopolo.api.vm.VmRegistry;
import org.mobitopolo.api.vm.VmSpec;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Tracks the active hypervisor plugins as they come and go.
 *
 * <p>Public only because Felix SCR instantiates components through public constructors; the
 * package is not exported.
 */
@Component
public final class HypervisorRegistry implements VmRegistry {
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private final List<Hypervisor> hypervisors = new CopyOnWriteArrayList<>();
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private final List<VmMigration> migrations = new CopyOnWriteArrayList<>();

    @Override
    public Hypervisor hypervisor(String type) {
        return hypervisors.stream()
                .filter(h -> h.type().equals(type))
                .findFirst()
                .orElseThrow(() -> PlatformException.noPlugin("'" + type + "' hypervisor", "mobitopolo-hypervisor-" + type));
    }

    @Override
    public VmMigration migration(String type) {
        hypervisor(type);
        return migrations.stream()
                .filter(m -> m.type().equals(type))
                .findFirst()
                .orElseThrow(() -> new PlatformException(ErrorCode.UNAVAILABLE, "'" + type
                        + "' VMs cannot move to other hosts"));
    }

    @Override
    public Hypervisor hypervisorOf(String vm) {
        return hypervisors.stream()
                .filter(h -> h.find(vm).isPresent())
                .findFirst()
                .orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "no VM named " + vm));
    }

    @Override
    public Hypervisor hypervisorOfSnapshot(String snapshot) {
        return hypervisors.stream()
                .filter(h -> h.snapshots().stream().anyMatch(s -> s.name().equals(snapshot)))
                .findFirst()
                .orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "no snapshot named " + snapshot));
    }

    @Override
    public VmInfo define(VmSpec spec) {
        Hypervisor target = hypervisor(spec.hypervisor());
        if (hypervisors.stream().anyMatch(h -> h.find(spec.name()).isPresent())) {
            throw new PlatformException(ErrorCode.CONFLICT, "a VM named " + spec.name() + " exists already");
        }
        return target.define(spec);
    }

    @Override
    public List<VmInfo> vms() {
        return hypervisors.stream().flatMap(h -> h.list().stream()).sorted(comparing(i -> i.spec().name())).toList();
    }

    @Override
    public List<SnapshotInfo> snapshots() {
        return hypervisors.stream().flatMap(h -> h.snapshots().stream()).sorted(comparing(SnapshotInfo::name)).toList();
    }
}
