package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.net.VirtualSwitch;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;

/** {@code mobi:net-delete}: removes a virtual LAN nobody is on. */
@Service
@Command(scope = "mobi", name = "net-delete", description = "Deletes a virtual network; refused while VMs have ports on it")
public class NetDeleteCommand extends NetCommand {
    @Argument(index = 0, name = "name", required = true, description = "the network")
    String name;

    @Override
    public Object execute() {
        VirtualSwitch sw = sw();
        sw.networks().stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "no network named " + name));
        if (networkServices != null) {
            networkServices.remove(name); // its services' port would keep the network
        }
        sw.deleteNetwork(name);
        System.out.println(name + ": deleted");
        return null;
    }
}
