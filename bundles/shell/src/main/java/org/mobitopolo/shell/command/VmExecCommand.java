package org.mobitopolo.shell.command;

import java.time.Duration;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.vm.ExecResult;

/** {@code mobi:vm-exec}: runs a command in a VM's guest by its agent and prints what it wrote. */
@Service
@Command(scope = "mobi", name = "vm-exec", description = "Runs a command in a VM's guest (by its agent, not its console) "
        + "and prints its output, e.g. mobi:vm-exec web -- ping -c 3 10.0.0.3")
public class VmExecCommand extends VmCommand {
    @Argument(index = 1, name = "command", required = true, multiValued = true,
            description = "the program and its arguments (no shell: write sh -c '...' for one)")
    List<String> command;

    @Option(name = "--timeout", description = "seconds it may run before the guest kills it")
    int timeoutSeconds = 60;

    @Override
    public Object execute() {
        // Karaf hands "--" on as an argument; it only keeps the program's own options from being this command's
        List<String> argv = !command.isEmpty() && command.get(0).equals("--") ? command.subList(1, command.size()) : command;
        ExecResult r = hypervisor().exec(vm, argv, Duration.ofSeconds(timeoutSeconds));
        System.out.print(r.stdout());
        System.err.print(r.stderr());
        if (r.exitCode() != 0) {
            System.out.println("(exit " + r.exitCode() + " after " + r.millis() + " ms)");
        }
        return null;
    }
}
