package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code mobi:vm-resume}: Resumes a frozen VM */
@Service
@Command(scope = "mobi", name = "vm-resume", description = "Resumes a frozen VM")
public class VmResumeCommand extends VmCommand {
    @Override
    public Object execute() {
        System.out.println(VmText.line(hypervisor().resume(vm)));
        return null;
    }
}
