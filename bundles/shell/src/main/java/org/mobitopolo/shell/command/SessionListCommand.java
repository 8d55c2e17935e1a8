package org.mobitopolo.shell.command;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.security.Session;
import org.mobitopolo.api.security.Sessions;

/** {@code mobi:session-list}: every open session on the platform's store, of every runtime sharing it. */
@Service
@Command(scope = "mobi", name = "session-list", description = "Lists the open REST sessions (of every runtime on the store)")
public class SessionListCommand implements Action {
    @Reference(optional = true)
    Sessions sessions;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("User");
        table.column("Role");
        table.column("From");
        table.column("Logged in");
        table.column("Last seen");
        table.column("Idle until");
        table.column("Ends");
        for (Session s : PlatformException.requirePlugin(sessions, "sessions", "mobitopolo-security").list()) {
            table.addRow().addContent(s.id(), s.user(), s.role().id(), s.clientAddress(), seconds(s.created()),
                    seconds(s.lastSeen()), seconds(s.idleExpires()), seconds(s.expires()));
        }
        table.print(System.out);
        return null;
    }

    private static String seconds(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
