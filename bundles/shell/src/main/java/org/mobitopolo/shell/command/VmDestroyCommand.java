package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.vm.VmRegistry;

/** {@code mobi:vm-destroy}: Kills a VM if it runs and deletes it with its disk layer */
@Service
@Command(scope = "mobi", name = "vm-destroy", description = "Kills a VM if it runs and deletes it with its disk layer")
public class VmDestroyCommand implements Action {
    @Reference
    VmRegistry registry;

    @Argument(index = 0, name = "vm", required = true, description = "the VM's name")
    @Completion(VmNameCompleter.class)
    String vm;

    @Override
    public Object execute() {
        registry.hypervisorOf(vm).destroy(vm);
        System.out.println(vm + ": destroyed");
        return null;
    }
}
