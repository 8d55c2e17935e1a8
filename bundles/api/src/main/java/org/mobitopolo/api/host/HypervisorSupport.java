package org.mobitopolo.api.host;

import java.util.Locale;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;

/**
 * Whether one kind of hypervisor can run VMs on this host, as a real probe found out (a short boot
 * where a binary's presence cannot tell, e.g. a UML kernel that panics on this CPU, a {@code /dev/kvm}
 * that hangs guests).
 *
 * @param type the hypervisor kind, {@code uml} or {@code qemu}
 * @param binary the program that runs it: the one chosen, or the one that was tried when none works
 * @param version that program's version, empty when unknown
 * @param usable whether VMs of this kind can start here
 * @param detail how it runs when usable (e.g. the accelerator), otherwise why not, in one line
 */
public record HypervisorSupport(String type, String binary, String version, boolean usable, String detail) {

    /** This, when usable; otherwise the {@code UNAVAILABLE} error that starting a VM of this kind fails with. */
    public HypervisorSupport require() {
        if (!usable) {
            throw new PlatformException(ErrorCode.UNAVAILABLE,
                    type.toUpperCase(Locale.ROOT) + " VMs cannot run on this host: " + detail);
        }
        return this;
    }
}
