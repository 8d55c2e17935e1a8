package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.mobitopolo.api.net.PortInfo;

/** {@code mobi:net-ports}: a network's ports and their counters. */
@Service
@Command(scope = "mobi", name = "net-ports", description = "Shows a network's ports: endpoints, frames each way, drops")
public class NetPortsCommand extends NetCommand {
    @Argument(index = 0, name = "network", required = true, description = "the network")
    String network;

    @Override
    public Object execute() {
        ShellTable t = new ShellTable();
        t.column("Port");
        t.column("Owner");
        t.column("Format");
        t.column("Switch");
        t.column("VM");
        t.column("Rx frames").alignRight();
        t.column("Tx frames").alignRight();
        t.column("Drops");
        for (PortInfo p : sw().ports(network)) {
            t.addRow().addContent(p.binding().portId(), p.owner(), p.binding().format(), p.binding().switchEndpoint(),
                    p.binding().vmEndpoint(), p.rxFrames(), p.txFrames(), p.drops().isEmpty() ? "" : p.drops());
        }
        t.print(System.out);
        return null;
    }
}
