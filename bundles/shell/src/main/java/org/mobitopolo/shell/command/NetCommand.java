package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.mobitopolo.api.net.VirtualSwitch;
import org.mobitopolo.api.netservices.NetworkServices;
import org.mobitopolo.api.platform.PlatformException;

/** A command about the virtual switch; it prints one line saying so when no switch plugin is active. */
public abstract class NetCommand implements Action {
    @Reference(optional = true)
    VirtualSwitch virtualSwitch;

    @Reference(optional = true)
    NetworkServices networkServices;

    VirtualSwitch sw() {
        return PlatformException.requirePlugin(virtualSwitch, "virtual switch", "mobitopolo-transport-udp");
    }

    NetworkServices services() {
        return PlatformException.requirePlugin(networkServices, "network services", "mobitopolo-netservices");
    }
}
