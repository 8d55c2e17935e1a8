package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code mobi:net-delete}: removes a virtual LAN nobody is on. */
@Service
@Command(scope = "mobi", name = "net-delete", description = "Deletes a virtual network; refused while VMs have ports on it")
public class NetDeleteCommand extends NetCommand {
    @Argument(index = 0, name = "name", required = true, description = "the network")
    String name;

    @Override
    public Object execute() {
        sw().deleteNetwork(name);
        System.out.println(name + ": deleted");
        return null;
    }
}
