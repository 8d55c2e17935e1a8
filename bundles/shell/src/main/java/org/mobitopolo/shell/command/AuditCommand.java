package org.mobitopolo.shell.command;

import java.time.temporal.ChronoUnit;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.security.AuditEntry;
import org.mobitopolo.api.security.AuditQuery;
import org.mobitopolo.api.security.AuditTrail;

/** {@code mobi:audit}: the newest entries of the audit trail, of every runtime on the store. */
@Service
@Command(scope = "mobi", name = "audit", description = "Lists the audit trail's newest entries: state-changing REST calls "
        + "(of every runtime on the store)")
public class AuditCommand implements Action {
    @Reference(optional = true)
    AuditTrail trail;

    @Option(name = "-n", aliases = "--limit", description = "how many entries, 1 to 1000")
    int limit = 20;

    @Option(name = "-u", aliases = "--user", description = "only this user's entries")
    String user;

    @Override
    public Object execute() {
        AuditTrail t = PlatformException.requirePlugin(trail, "audit trail", "mobitopolo-security");
        if (limit < 1 || limit > AuditQuery.MAX_LIMIT) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "--limit must be 1 to " + AuditQuery.MAX_LIMIT + ", not " + limit);
        }
        ShellTable table = new ShellTable();
        table.column("Id").alignRight();
        table.column("At");
        table.column("User");
        table.column("Role");
        table.column("From");
        table.column("Action");
        table.column("Status").alignRight();
        table.column("Detail").maxSize(60);
        for (AuditEntry e : t.list(new AuditQuery(limit, user == null || user.isBlank() ? null : user, null))) {
            table.addRow().addContent(e.id(), e.at().truncatedTo(ChronoUnit.SECONDS), e.user(), e.role(), e.clientAddress(), e.action(),
                    e.status(), e.detail());
        }
        table.print(System.out);
        if (t.unstored() > 0) {
            System.out.println(t.unstored() + " entries of this runtime could not be stored; they are on the log org.mobitopolo.audit");
        }
        return null;
    }
}
