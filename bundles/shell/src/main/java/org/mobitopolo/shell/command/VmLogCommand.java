package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.vm.VmRegistry;

/** {@code mobi:vm-log}: the last lines of a VM's console. */
@Service
@Command(scope = "mobi", name = "vm-log", description = "Shows the last lines of a VM's console")
public class VmLogCommand implements Action {
    @Reference
    VmRegistry registry;

    @Argument(index = 0, name = "vm", required = true, description = "the VM's name")
    @Completion(VmNameCompleter.class)
    String vm;

    @Option(name = "-n", aliases = "--lines", description = "how many lines")
    int lines = 20;

    @Override
    public Object execute() {
        registry.hypervisorOf(vm).console(vm, lines).forEach(System.out::println);
        return null;
    }
}
