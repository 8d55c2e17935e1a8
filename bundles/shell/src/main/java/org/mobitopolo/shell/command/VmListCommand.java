package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.vm.VmRegistry;

/** {@code mobi:vm-list}: every VM of every hypervisor. */
@Service
@Command(scope = "mobi", name = "vm-list", description = "Lists every VM with its state, pid, uptime and memory")
public class VmListCommand implements Action {
    @Reference
    VmRegistry registry;

    @Override
    public Object execute() {
        VmText.table(registry.vms(), System.out);
        return null;
    }
}
