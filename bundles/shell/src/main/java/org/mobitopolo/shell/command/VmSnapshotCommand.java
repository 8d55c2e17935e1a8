package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.vm.SnapshotInfo;
import org.mobitopolo.api.vm.VmRegistry;

/** {@code mobi:vm-snapshot}: snapshots a VM's disk layer and definition. */
@Service
@Command(scope = "mobi", name = "vm-snapshot",
        description = "Snapshots a VM (a running guest is flushed and frozen for the copy, then resumed)")
public class VmSnapshotCommand implements Action {
    @Reference
    VmRegistry registry;

    @Argument(index = 0, name = "vm", required = true, description = "the VM's name")
    @Completion(VmNameCompleter.class)
    String vm;

    @Argument(index = 1, name = "snapshot", required = true, description = "the snapshot's name")
    String snapshot;

    @Override
    public Object execute() {
        SnapshotInfo s = registry.hypervisorOf(vm).snapshot(vm, snapshot);
        System.out.println(s.name() + ": snapshot of " + s.vm() + ", " + Units.bytes(s.sizeBytes()));
        return null;
    }
}
