package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code mobi:vm-destroy}: Kills a VM if it runs and deletes it with its disk layer */
@Service
@Command(scope = "mobi", name = "vm-destroy", description = "Kills a VM if it runs and deletes it with its disk layer")
public class VmDestroyCommand extends VmCommand {
    @Override
    public Object execute() {
        hypervisor().destroy(vm);
        System.out.println(vm + ": destroyed");
        return null;
    }
}
