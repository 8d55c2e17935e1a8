package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.vm.VmRegistry;

/** {@code mobi:snapshot-delete}: deletes a snapshot; VMs cloned from it keep working. */
@Service
@Command(scope = "mobi", name = "snapshot-delete", description = "Deletes a snapshot; VMs cloned from it keep working")
public class SnapshotDeleteCommand implements Action {
    @Reference
    VmRegistry registry;

    @Argument(index = 0, name = "snapshot", required = true, description = "the snapshot")
    String snapshot;

    @Override
    public Object execute() {
        registry.hypervisorOfSnapshot(snapshot).deleteSnapshot(snapshot);
        System.out.println(snapshot + ": deleted");
        return null;
    }
}
