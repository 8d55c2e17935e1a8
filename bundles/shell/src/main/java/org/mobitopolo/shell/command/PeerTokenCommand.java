package org.mobitopolo.shell.command;

import java.time.Duration;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.security.Login;
import org.mobitopolo.api.security.Sessions;

/** {@code mobi:peer-token NAME [--days N]}: issues the token another host presents when it calls this one. */
@Service
@Command(scope = "mobi", name = "peer-token", description = "Issues a token for another Mobitopolo host to call this one "
        + "with (role peer); keep it there with mobi:peer-add")
public class PeerTokenCommand implements Action {
    @Reference(optional = true)
    Sessions sessions;

    @Argument(index = 0, name = "name", required = true, description = "what the other host is called here, e.g. host-a")
    String name;

    @Option(name = "--days", description = "how long the token is valid (default 365)")
    int days = 365;

    @Override
    public Object execute() {
        Login login = PlatformException.requirePlugin(sessions, "sessions", "mobitopolo-security")
                .issuePeerToken(name, Duration.ofDays(days), "console");
        System.out.println(login.token());
        System.out.println("peer token for " + name + " (session " + login.session().id() + ", valid until "
                + login.session().expires() + "); on that host: mobi:peer-add THIS-HOST-URL TOKEN");
        return null;
    }
}
