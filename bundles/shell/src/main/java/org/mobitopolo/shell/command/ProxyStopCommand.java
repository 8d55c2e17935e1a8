package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code mobi:proxy-stop}: stops the web proxy. */
@Service
@Command(scope = "mobi", name = "proxy-stop", description = "Stops the web proxy; open connections are closed")
public class ProxyStopCommand extends ProxyCommand {
    @Override
    public Object execute() {
        proxy().stop();
        print(proxy().status());
        return null;
    }
}
