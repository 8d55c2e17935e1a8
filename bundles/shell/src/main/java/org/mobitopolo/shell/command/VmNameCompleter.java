package org.mobitopolo.shell.command;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.mobitopolo.api.vm.VmRegistry;

/** Completes VM names. */
@Service
public class VmNameCompleter implements Completer {
    @Reference
    VmRegistry registry;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        registry.vms().forEach(vm -> names.getStrings().add(vm.spec().name()));
        return names.complete(session, commandLine, candidates);
    }
}
