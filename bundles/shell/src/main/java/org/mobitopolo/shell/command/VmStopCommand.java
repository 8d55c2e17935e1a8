package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code mobi:vm-stop}: Halts a VM cleanly (flushes its disks, then halts) */
@Service
@Command(scope = "mobi", name = "vm-stop", description = "Halts a VM cleanly (flushes its disks, then halts)")
public class VmStopCommand extends VmCommand {
    @Override
    public Object execute() {
        System.out.println(VmText.line(VmText.join(hypervisor().stop(vm))));
        return null;
    }
}
