package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code mobi:vm-type}: types a line on a VM's console; {@code mobi:vm-log} shows the answer. */
@Service
@Command(scope = "mobi", name = "vm-type", description = "Types a line on a VM's console, as at its keyboard")
public class VmTypeCommand extends VmCommand {
    @Argument(index = 1, name = "line", required = true, description = "what to type, e.g. \"ping -c 3 10.0.0.2\"")
    String line;

    @Override
    public Object execute() {
        hypervisor().type(vm, line);
        return null;
    }
}
