package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.vm.VmRegistry;

/** {@code mobi:vm-stop}: Halts a VM cleanly (flushes its disks, then halts) */
@Service
@Command(scope = "mobi", name = "vm-stop", description = "Halts a VM cleanly (flushes its disks, then halts)")
public class VmStopCommand implements Action {
    @Reference
    VmRegistry registry;

    @Argument(index = 0, name = "vm", required = true, description = "the VM's name")
    @Completion(VmNameCompleter.class)
    String vm;

    @Override
    public Object execute() {
        System.out.println(VmText.line(VmText.join(registry.hypervisorOf(vm).stop(vm))));
        return null;
    }
}
