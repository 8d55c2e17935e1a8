package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.vm.VmRegistry;

/** {@code mobi:vm-type}: types a line on a VM's console; {@code mobi:vm-log} shows the answer. */
@Service
@Command(scope = "mobi", name = "vm-type", description = "Types a line on a VM's console, as at its keyboard")
public class VmTypeCommand implements Action {
    @Reference
    VmRegistry registry;

    @Argument(index = 0, name = "vm", required = true, description = "the VM's name")
    @Completion(VmNameCompleter.class)
    String vm;

    @Argument(index = 1, name = "line", required = true, description = "what to type, e.g. \"ping -c 3 10.0.0.2\"")
    String line;

    @Override
    public Object execute() {
        registry.hypervisorOf(vm).type(vm, line);
        return null;
    }
}
