package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code mobi:vm-freeze}: Freezes a VM: its CPUs stop, memory and connections stay */
@Service
@Command(scope = "mobi", name = "vm-freeze", description = "Freezes a VM: its CPUs stop, memory and connections stay")
public class VmFreezeCommand extends VmCommand {
    @Override
    public Object execute() {
        System.out.println(VmText.line(hypervisor().freeze(vm)));
        return null;
    }
}
