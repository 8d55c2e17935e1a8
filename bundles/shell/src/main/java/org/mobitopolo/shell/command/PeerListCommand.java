package org.mobitopolo.shell.command;

import java.time.temporal.ChronoUnit;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.security.Peer;
import org.mobitopolo.api.security.PeerCredentials;

/** {@code mobi:peer-list}: the hosts this one holds a credential for. */
@Service
@Command(scope = "mobi", name = "peer-list", description = "Lists the Mobitopolo hosts this one holds a credential for")
public class PeerListCommand implements Action {
    @Reference(optional = true)
    PeerCredentials peers;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Host");
        table.column("Credential");
        table.column("Added");
        table.column("Ends");
        for (Peer p : PlatformException.requirePlugin(peers, "peer credentials", "mobitopolo-security").list()) {
            table.addRow().addContent(p.url(), p.identity(), p.added().truncatedTo(ChronoUnit.SECONDS),
                    p.expires().truncatedTo(ChronoUnit.SECONDS));
        }
        table.print(System.out);
        return null;
    }
}
