package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.mobitopolo.api.net.NetworkInfo;

/** {@code mobi:net-list}: the virtual networks. */
@Service
@Command(scope = "mobi", name = "net-list", description = "Lists the virtual networks with their VXLAN id and ports")
public class NetListCommand extends NetCommand {
    @Override
    public Object execute() {
        ShellTable t = new ShellTable();
        t.column("Network");
        t.column("VNI").alignRight();
        t.column("Ports");
        for (NetworkInfo n : sw().networks()) {
            t.addRow().addContent(n.name(), n.vni(), String.join(" ", n.ports()));
        }
        t.print(System.out);
        return null;
    }
}
