package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code mobi:proxy-status}: the web proxy's settings and counters. */
@Service
@Command(scope = "mobi", name = "proxy-status", description = "Shows the web proxy: implementation, settings, requests, "
        + "denials, failures, cache hits and misses")
public class ProxyStatusCommand extends ProxyCommand {
    @Override
    public Object execute() {
        print(proxy().status());
        return null;
    }
}
