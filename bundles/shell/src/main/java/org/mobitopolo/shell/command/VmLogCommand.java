package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code mobi:vm-log}: the last lines of a VM's console. */
@Service
@Command(scope = "mobi", name = "vm-log", description = "Shows the last lines of a VM's console")
public class VmLogCommand extends VmCommand {
    @Option(name = "-n", aliases = "--lines", description = "how many lines")
    int lines = 20;

    @Override
    public Object execute() {
        hypervisor().console(vm, lines).forEach(System.out::println);
        return null;
    }
}
