package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.security.Sessions;

/** {@code mobi:session-revoke ID}: ends a session; every runtime on the store refuses its token within 2 s. */
@Service
@Command(scope = "mobi", name = "session-revoke", description = "Revokes a REST session by its id (see mobi:session-list)")
public class SessionRevokeCommand implements Action {
    @Reference(optional = true)
    Sessions sessions;

    @Argument(index = 0, name = "id", required = true, description = "the session's id")
    String id;

    @Override
    public Object execute() {
        if (!PlatformException.requirePlugin(sessions, "sessions", "mobitopolo-security").revoke(id)) {
            throw new PlatformException(ErrorCode.NOT_FOUND, "no open session " + id);
        }
        System.out.println(id + ": revoked");
        return null;
    }
}
