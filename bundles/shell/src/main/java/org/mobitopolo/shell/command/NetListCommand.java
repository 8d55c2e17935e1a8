package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.mobitopolo.api.net.NetworkInfo;
import org.mobitopolo.api.netservices.ServiceInfo;

/** {@code mobi:net-list}: the virtual networks. */
@Service
@Command(scope = "mobi", name = "net-list", description = "Lists the virtual networks with their VXLAN id and ports")
public class NetListCommand extends NetCommand {
    @Override
    public Object execute() {
        ShellTable t = new ShellTable();
        t.column("Network");
        t.column("VNI").alignRight();
        t.column("Services");
        t.column("Ports");
        for (NetworkInfo n : sw().networks()) {
            String services = networkServices == null ? "" : networkServices.services(n.name()).map(NetListCommand::describe).orElse("");
            t.addRow().addContent(n.name(), n.vni(), services, String.join(" ", n.ports()));
        }
        t.print(System.out);
        return null;
    }

    /** {@code 10.1.0.0/24 at 10.1.0.1, DHCP (router 10.1.0.254), DNS site-a.mobi}. */
    static String describe(ServiceInfo s) {
        return s.subnet() + " at " + s.gateway() + (s.dhcp() ? ", DHCP" + (s.router() == null ? "" : " (router " + s.router() + ")") : "")
                + (s.dnsZone() == null ? "" : ", DNS " + s.dnsZone());
    }
}
