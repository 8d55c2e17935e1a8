package org.mobitopolo.shell.command;

import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.vm.VmInfo;

/** {@code mobi:vm-info}: Shows one VM: state, pid, uptime, memory, NICs, parameters */
@Service
@Command(scope = "mobi", name = "vm-info", description = "Shows one VM: state, pid, uptime, memory, NICs, parameters")
public class VmInfoCommand extends VmCommand {
    @Override
    public Object execute() {
        VmInfo info = hypervisor().find(vm).orElseThrow();
        VmText.table(List.of(info), System.out);
        System.out.println("memory " + info.spec().memoryMb() + " MiB, parameters " + info.spec().params());
        VmText.nics(info, System.out);
        return null;
    }
}
