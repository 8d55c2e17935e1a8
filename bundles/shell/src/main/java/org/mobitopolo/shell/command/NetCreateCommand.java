package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.net.NetworkInfo;
import org.mobitopolo.api.net.VirtualSwitch;

/** {@code mobi:net-create}: a new virtual LAN. */
@Service
@Command(scope = "mobi", name = "net-create", description = "Creates a virtual network; VMs join it with --nic MAC@NAME")
public class NetCreateCommand implements Action {
    @Reference(optional = true)
    VirtualSwitch virtualSwitch;

    @Argument(index = 0, name = "name", required = true, description = "lower-case letters, digits, dashes")
    String name;

    @Override
    public Object execute() {
        NetworkInfo n = NetCommands.require(virtualSwitch).createNetwork(name);
        System.out.println(n.name() + ": created, VNI " + n.vni());
        return null;
    }
}
