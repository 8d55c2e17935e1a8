package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.mobitopolo.api.net.TunnelInfo;
import org.mobitopolo.api.net.VirtualSwitch;

/** {@code mobi:net-tunnel-list}: this switch's VXLAN endpoint and its tunnels. */
@Service
@Command(scope = "mobi", name = "net-tunnel-list", description = "Shows where this switch receives VXLAN, and its tunnels")
public class NetTunnelListCommand extends NetCommand {
    @Override
    public Object execute() {
        VirtualSwitch sw = sw();
        System.out.println("VXLAN endpoint " + sw.tunnelEndpoint());
        ShellTable t = new ShellTable();
        t.column("Tunnel");
        t.column("Remote");
        t.column("Tx frames").alignRight();
        t.column("Rx frames").alignRight();
        t.column("Drops");
        t.column("Shape");
        for (TunnelInfo tunnel : sw.tunnels()) {
            t.addRow().addContent(tunnel.id(), tunnel.remote(), tunnel.txFrames(), tunnel.rxFrames(),
                    tunnel.drops().isEmpty() ? "" : tunnel.drops(), tunnel.shape().isNone() ? "" : tunnel.shape());
        }
        t.print(System.out);
        return null;
    }
}
