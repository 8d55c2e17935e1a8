package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.vm.Hypervisor;
import org.mobitopolo.api.vm.NicSpec;
import org.mobitopolo.api.vm.VmInfo;

/** {@code mobi:vm-nic}: adds a NIC to a VM, or re-points one with {@code --replace}. */
@Service
@Command(scope = "mobi", name = "vm-nic", description = "Adds a NIC to a VM (running or not), or re-points NIC "
        + "INDEX with --replace INDEX (UML needs the guest to have it down)")
public class VmNicCommand extends VmCommand {
    @Argument(index = 1, name = "nic", required = true,
            description = "MAC@NETWORK, or MAC,LOCALHOST:PORT,REMOTEHOST:PORT for a point-to-point UDP tunnel")
    String nic;

    @Option(name = "-r", aliases = "--replace", description = "the index of the NIC to re-point")
    Integer replace;

    @Override
    public Object execute() {
        Hypervisor h = hypervisor();
        NicSpec spec = VmText.nic(nic);
        VmInfo info = replace == null ? h.addNic(vm, spec) : h.replaceNic(vm, replace, spec);
        VmText.nics(info, System.out);
        return null;
    }
}
