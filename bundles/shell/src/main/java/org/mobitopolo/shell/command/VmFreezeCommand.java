package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.vm.VmRegistry;

/** {@code mobi:vm-freeze}: Freezes a VM: its CPUs stop, memory and connections stay */
@Service
@Command(scope = "mobi", name = "vm-freeze", description = "Freezes a VM: its CPUs stop, memory and connections stay")
public class VmFreezeCommand implements Action {
    @Reference
    VmRegistry registry;

    @Argument(index = 0, name = "vm", required = true, description = "the VM's name")
    @Completion(VmNameCompleter.class)
    String vm;

    @Override
    public Object execute() {
        System.out.println(VmText.line(registry.hypervisorOf(vm).freeze(vm)));
        return null;
    }
}
