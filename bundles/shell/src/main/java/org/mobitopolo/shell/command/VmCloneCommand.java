package org.mobitopolo.shell.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.vm.Hypervisor;
import org.mobitopolo.api.vm.SnapshotInfo;
import org.mobitopolo.api.vm.VmRegistry;
import org.mobitopolo.api.vm.VmSpec;

/** {@code mobi:vm-clone}: a new VM from a snapshot, like the original but for the parameters given. */
@Service
@Command(scope = "mobi", name = "vm-clone", description = "Creates a VM from a snapshot: the snapshot's disk and "
        + "definition, with new parameters and NICs where given")
public class VmCloneCommand implements Action {
    @Reference
    VmRegistry registry;

    @Argument(index = 0, name = "snapshot", required = true, description = "the snapshot")
    String snapshot;

    @Argument(index = 1, name = "name", required = true, description = "the new VM's name")
    String name;

    @Option(name = "-p", aliases = "--param", multiValued = true, description = "guest parameter key=value to change")
    List<String> params;

    @Option(name = "-n", aliases = "--nic", multiValued = true,
            description = "NICs replacing the snapshot's: MAC@NETWORK or MAC,LOCALHOST:PORT,REMOTEHOST:PORT")
    List<String> nics;

    @Option(name = "-s", aliases = "--start", description = "start it and wait until the guest is ready")
    boolean start;

    @Override
    public Object execute() {
        SnapshotInfo snap = registry.snapshots().stream()
                .filter(s -> s.name().equals(snapshot))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no snapshot named " + snapshot));
        Map<String, String> merged = new LinkedHashMap<>(snap.spec().params());
        merged.putAll(VmText.params(params));
        VmSpec spec = new VmSpec(name, snap.hypervisor(), snap.spec().memoryMb(), Hypervisor.SNAPSHOT_IMAGE + snapshot,
                nics == null ? snap.spec().nics() : nics.stream().map(VmText::nic).toList(), merged);
        System.out.println(VmText.line(registry.define(spec)));
        if (start) {
            VmStarter.start(registry.hypervisorOf(name), name, System.out);
        }
        return null;
    }
}
