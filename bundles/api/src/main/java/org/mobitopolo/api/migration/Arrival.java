package org.mobitopolo.api.migration;

import java.util.List;
import org.mobitopolo.api.vm.VmInfo;

/**
 * A VM that has moved to this host and runs here.
 *
 * @param vm the VM as it runs here
 * @param rebinding what the rebinding strategy did, a line per NIC
 * @param rebindingMillis how long that took, after the VM ran here: not part of its downtime
 */
public record Arrival(VmInfo vm, List<String> rebinding, long rebindingMillis) {
    public Arrival {
        rebinding = List.copyOf(rebinding);
    }
}
