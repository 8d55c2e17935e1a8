package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.net.NetworkInfo;

/** {@code mobi:net-create}: a new virtual LAN. */
@Service
@Command(scope = "mobi", name = "net-create", description = "Creates a virtual network; VMs join it with --nic MAC@NAME")
public class NetCreateCommand extends NetCommand {
    @Argument(index = 0, name = "name", required = true, description = "lower-case letters, digits, dashes")
    String name;

    @Override
    public Object execute() {
        NetworkInfo n = sw().createNetwork(name);
        System.out.println(n.name() + ": created, VNI " + n.vni());
        return null;
    }
}
