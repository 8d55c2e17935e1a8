package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.vm.Hypervisor;
import org.mobitopolo.api.vm.NicSpec;
import org.mobitopolo.api.vm.VmInfo;
import org.mobitopolo.api.vm.VmRegistry;

/** {@code mobi:vm-nic}: adds a NIC to a VM, or re-points one with {@code --replace}. */
@Service
@Command(scope = "mobi", name = "vm-nic", description = "Adds a NIC to a VM (running or not), or re-points NIC "
        + "INDEX with --replace INDEX (UML needs the guest to have it down)")
public class VmNicCommand implements Action {
    @Reference
    VmRegistry registry;

    @Argument(index = 0, name = "vm", required = true, description = "the VM's name")
    @Completion(VmNameCompleter.class)
    String vm;

    @Argument(index = 1, name = "nic", required = true,
            description = "MAC@NETWORK, or MAC,LOCALHOST:PORT,REMOTEHOST:PORT for a point-to-point UDP tunnel")
    String nic;

    @Option(name = "-r", aliases = "--replace", description = "the index of the NIC to re-point")
    Integer replace;

    @Override
    public Object execute() {
        Hypervisor h = registry.hypervisorOf(vm);
        NicSpec spec = VmText.nic(nic);
        VmInfo info = replace == null ? h.addNic(vm, spec) : h.replaceNic(vm, replace, spec);
        VmText.nics(info, System.out);
        return null;
    }
}
