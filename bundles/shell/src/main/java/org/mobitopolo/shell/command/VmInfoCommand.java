package org.mobitopolo.shell.command;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.vm.VmInfo;
import org.mobitopolo.api.vm.VmRegistry;

/** {@code mobi:vm-info}: Shows one VM: state, pid, uptime, memory, NICs, parameters */
@Service
@Command(scope = "mobi", name = "vm-info", description = "Shows one VM: state, pid, uptime, memory, NICs, parameters")
public class VmInfoCommand implements Action {
    @Reference
    VmRegistry registry;

    @Argument(index = 0, name = "vm", required = true, description = "the VM's name")
    @Completion(VmNameCompleter.class)
    String vm;

    @Override
    public Object execute() {
        VmInfo info = registry.hypervisorOf(vm).find(vm).orElseThrow();
        VmText.table(List.of(info), System.out);
        System.out.println("memory " + info.spec().memoryMb() + " MiB, parameters " + info.spec().params());
        VmText.nics(info, System.out);
        return null;
    }
}
