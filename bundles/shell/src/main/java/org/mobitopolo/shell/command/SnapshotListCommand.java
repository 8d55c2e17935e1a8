package org.mobitopolo.shell.command;

import java.time.Instant;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.mobitopolo.api.vm.SnapshotInfo;
import org.mobitopolo.api.vm.VmRegistry;

/** {@code mobi:snapshot-list}: every snapshot, ready to clone with {@code mobi:vm-clone}. */
@Service
@Command(scope = "mobi", name = "snapshot-list", description = "Lists every snapshot and the VM it was taken from")
public class SnapshotListCommand implements Action {
    @Reference
    VmRegistry registry;

    @Override
    public Object execute() {
        ShellTable t = new ShellTable();
        t.column("Snapshot");
        t.column("VM");
        t.column("Hypervisor");
        t.column("Taken");
        t.column("Size").alignRight();
        for (SnapshotInfo s : registry.snapshots()) {
            t.addRow().addContent(s.name(), s.vm(), s.hypervisor(), Instant.ofEpochMilli(s.createdAtMillis()),
                    Units.bytes(s.sizeBytes()));
        }
        t.print(System.out);
        return null;
    }
}
