package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.security.Peer;
import org.mobitopolo.api.security.PeerCredentials;

/** {@code mobi:peer-add URL TOKEN}: keeps the token another host issued, once that host has accepted it. */
@Service
@Command(scope = "mobi", name = "peer-add", description = "Keeps the token another Mobitopolo host issued "
        + "(mobi:peer-token there), after checking it with that host")
public class PeerAddCommand implements Action {
    @Reference(optional = true)
    PeerCredentials peers;

    @Argument(index = 0, name = "url", required = true, description = "the other host's REST endpoint, e.g. http://10.0.0.2:8181")
    String url;

    @Argument(index = 1, name = "token", required = true, description = "the token it issued")
    String token;

    @Override
    public Object execute() {
        Peer peer = PlatformException.requirePlugin(peers, "peer credentials", "mobitopolo-security")
                .add(Urls.parse(url), token);
        System.out.println(peer.url() + ": credential kept, " + peer.identity() + " until " + peer.expires());
        return null;
    }
}
