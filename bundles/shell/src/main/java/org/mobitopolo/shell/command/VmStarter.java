package org.mobitopolo.shell.command;

import java.io.PrintStream;
import org.mobitopolo.api.vm.Hypervisor;
import org.mobitopolo.api.vm.VmInfo;

/** Starts a VM and reports its progress on the console until the guest is ready. */
final class VmStarter {
    private VmStarter() {}

    static VmInfo start(Hypervisor hypervisor, String name, PrintStream out) {
        long t0 = System.nanoTime();
        var ready = hypervisor.start(name).toCompletableFuture();
        hypervisor.find(name).ifPresent(vm -> out.println(name + ": starting (pid " + vm.pid() + ")"));
        VmInfo vm = VmText.join(ready);
        out.printf("%s: ready in %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
        return vm;
    }
}
