package org.mobitopolo.shell.command;

import java.time.Instant;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.mobitopolo.api.netservices.Lease;

/** {@code mobi:net-leases}: the addresses a network's DHCP gave. */
@Service
@Command(scope = "mobi", name = "net-leases", description = "Lists the DHCP leases of a network, active and past")
public class NetLeasesCommand extends NetCommand {
    @Argument(index = 0, name = "network", required = true, description = "a network with DHCP")
    String network;

    @Override
    public Object execute() {
        ShellTable t = new ShellTable();
        t.column("Address");
        t.column("MAC");
        t.column("Host name");
        t.column("Until");
        t.column("State");
        for (Lease l : services().leases(network)) {
            t.addRow().addContent(l.address(), l.mac(), l.hostname() == null ? "" : l.hostname(),
                    Instant.ofEpochMilli(l.expiresMillis()).toString(), l.active() ? "active" : "ended");
        }
        t.print(System.out);
        return null;
    }
}
