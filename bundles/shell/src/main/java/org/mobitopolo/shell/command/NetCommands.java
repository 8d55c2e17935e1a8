package org.mobitopolo.shell.command;

import org.mobitopolo.api.net.VirtualSwitch;
import org.mobitopolo.api.platform.PlatformException;

/** The virtual switch, or the one line that says it is missing. */
final class NetCommands {
    private NetCommands() {}

    static VirtualSwitch require(VirtualSwitch sw) {
        if (sw == null) {
            throw PlatformException.noPlugin("virtual switch", "mobitopolo-transport-udp");
        }
        return sw;
    }
}
