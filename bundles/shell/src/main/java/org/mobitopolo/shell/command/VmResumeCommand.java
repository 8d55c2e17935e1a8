package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.vm.VmRegistry;

/** {@code mobi:vm-resume}: Resumes a frozen VM */
@Service
@Command(scope = "mobi", name = "vm-resume", description = "Resumes a frozen VM")
public class VmResumeCommand implements Action {
    @Reference
    VmRegistry registry;

    @Argument(index = 0, name = "vm", required = true, description = "the VM's name")
    @Completion(VmNameCompleter.class)
    String vm;

    @Override
    public Object execute() {
        System.out.println(VmText.line(registry.hypervisorOf(vm).resume(vm)));
        return null;
    }
}
