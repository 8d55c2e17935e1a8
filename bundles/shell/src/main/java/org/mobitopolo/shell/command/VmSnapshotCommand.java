package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.vm.SnapshotInfo;

/** {@code mobi:vm-snapshot}: snapshots a VM's disk layer and definition. */
@Service
@Command(scope = "mobi", name = "vm-snapshot",
        description = "Snapshots a VM (a running guest is flushed and frozen for the copy, then resumed)")
public class VmSnapshotCommand extends VmCommand {
    @Argument(index = 1, name = "snapshot", required = true, description = "the snapshot's name")
    String snapshot;

    @Override
    public Object execute() {
        SnapshotInfo s = hypervisor().snapshot(vm, snapshot);
        System.out.println(s.name() + ": snapshot of " + s.vm() + ", " + Units.bytes(s.sizeBytes()));
        return null;
    }
}
