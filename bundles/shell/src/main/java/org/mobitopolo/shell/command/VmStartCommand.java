package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code mobi:vm-start}: Starts a VM and waits until its guest is ready */
@Service
@Command(scope = "mobi", name = "vm-start", description = "Starts a VM and waits until its guest is ready")
public class VmStartCommand extends VmCommand {
    @Override
    public Object execute() {
        VmStarter.start(hypervisor(), vm, System.out);
        return null;
    }
}
