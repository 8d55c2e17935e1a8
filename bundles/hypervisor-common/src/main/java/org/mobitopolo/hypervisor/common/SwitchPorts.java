package org.mobitopolo.hypervisor.common;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.mobitopolo.api.net.FrameFormat;
import org.mobitopolo.api.net.PortBinding;
import org.mobitopolo.api.net.VirtualSwitch;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.vm.NicSpec;
import org.mobitopolo.api.vm.VmSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Switch ports for the NICs of a starting VM that join named networks, given back when it exits. */
public final class SwitchPorts {
    private static final Logger LOG = LoggerFactory.getLogger(SwitchPorts.class);

    /** A spec whose NICs all name their endpoints, and the ports that gave them. */
    public final class Attached {
        private final VmSpec spec;
        private final List<String> ports;

        Attached(VmSpec spec, List<String> ports) {
            this.spec = spec;
            this.ports = ports;
        }

        public VmSpec spec() {
            return spec;
        }

        /** Closes the ports; a switch that went away took them with it. */
        public void release() {
            VirtualSwitch sw = virtualSwitch.get();
            for (String port : ports) {
                try {
                    if (sw != null) {
                        sw.detach(port);
                    }
                } catch (PlatformException e) {
                    LOG.debug("Switch port {} already gone: {}", port, e.getMessage());
                }
            }
        }
    }

    private final Supplier<VirtualSwitch> virtualSwitch;

    public SwitchPorts(Supplier<VirtualSwitch> virtualSwitch) {
        this.virtualSwitch = virtualSwitch;
    }

    /**
     * Opens a port speaking {@code format} for every NIC on a network; fails with {@code UNAVAILABLE}
     * when no switch is active.
     */
    public Attached attach(VmSpec spec, FrameFormat format) {
        List<String> ports = new ArrayList<>();
        List<NicSpec> nics = new ArrayList<>();
        Attached attached = new Attached(null, ports);
        try {
            for (NicSpec nic : spec.nics()) {
                if (nic.local() != null) {
                    nics.add(nic);
                    continue;
                }
                VirtualSwitch sw = PlatformException.requirePlugin(virtualSwitch.get(), "virtual switch",
                        "mobitopolo-transport-udp");
                PortBinding port = sw.attach(nic.network(), spec.name(), format);
                ports.add(port.portId());
                nics.add(NicSpec.pointToPoint(nic.mac(), port.vmEndpoint(), port.switchEndpoint()));
            }
        } catch (RuntimeException e) {
            attached.release();
            throw e;
        }
        return new Attached(new VmSpec(spec.name(), spec.hypervisor(), spec.memoryMb(), spec.image(), nics,
                spec.params()), ports);
    }
}
