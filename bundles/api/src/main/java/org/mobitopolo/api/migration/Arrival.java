package org.mobitopolo.api.migration;

import java.util.List;
import org.mobitopolo.api.vm.VmInfo;

/**
 * A VM that has moved to this host and runs here.
 *
 * @param vm the VM as it runs here
 * @param rebinding what the rebinding strategy did, a line per NIC
 */
public record Arrival(VmInfo vm, List<String> rebinding) {
    public Arrival {
        rebinding = List.copyOf(rebinding);
    }
}
