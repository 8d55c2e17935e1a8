package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.mobitopolo.api.vm.Hypervisor;
import org.mobitopolo.api.vm.VmRegistry;

/** A command about one VM, named by its first argument. */
public abstract class VmCommand implements Action {
    @Reference
    VmRegistry registry;

    @Argument(index = 0, name = "vm", required = true, description = "the VM's name")
    @Completion(VmNameCompleter.class)
    String vm;

    /** The hypervisor that runs the VM; the command fails with one clear line when none does. */
    Hypervisor hypervisor() {
        return registry.hypervisorOf(vm);
    }
}
