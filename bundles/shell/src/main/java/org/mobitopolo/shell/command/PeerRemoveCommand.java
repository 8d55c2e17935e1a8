package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.security.PeerCredentials;

/** {@code mobi:peer-remove URL}: forgets the credential for a host. */
@Service
@Command(scope = "mobi", name = "peer-remove", description = "Forgets the credential this host holds for another one")
public class PeerRemoveCommand implements Action {
    @Reference(optional = true)
    PeerCredentials peers;

    @Argument(index = 0, name = "url", required = true, description = "the other host's REST endpoint")
    String url;

    @Override
    public Object execute() {
        if (!PlatformException.requirePlugin(peers, "peer credentials", "mobitopolo-security").remove(Urls.parse(url))) {
            throw new PlatformException(ErrorCode.NOT_FOUND, "no credential kept for " + url);
        }
        System.out.println(url + ": credential forgotten");
        return null;
    }
}
