package org.mobitopolo.shell.command;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.vm.VmRegistry;
import org.mobitopolo.api.vm.VmSpec;

/** {@code mobi:vm-create}: defines a VM, and starts it with {@code --start}. */
@Service
@Command(scope = "mobi", name = "vm-create", description = "Defines a VM on a copy-on-write layer over its image, "
        + "and starts it with --start")
public class VmCreateCommand implements Action {
    @Reference
    VmRegistry registry;

    @Argument(index = 0, name = "name", required = true, description = "unique name: lower-case letters, digits, dashes")
    String name;

    @Option(name = "-t", aliases = "--hypervisor", description = "the kind of VM")
    String hypervisor = "uml";

    @Option(name = "-m", aliases = "--memory", description = "guest memory in MiB")
    int memoryMb = 64;

    @Option(name = "-i", aliases = "--image", description = "an image of the library (mobi:image-list) or a path inside its "
            + "directories; default: the busybox guest; snapshot:NAME to start from a snapshot")
    @Completion(ImageNameCompleter.class)
    String image = "";

    @Option(name = "-p", aliases = "--param", multiValued = true,
            description = "guest parameter key=value: ip=10.0.0.2/24, gw=, hostname=, http=PORT, shell=PORT, heartbeat=SECONDS")
    List<String> params;

    @Option(name = "-n", aliases = "--nic", multiValued = true,
            description = "a NIC: MAC@NETWORK, or MAC,LOCALHOST:PORT,REMOTEHOST:PORT for a point-to-point UDP tunnel")
    List<String> nics;

    @Option(name = "-s", aliases = "--start", description = "start it and wait until the guest is ready")
    boolean start;

    @Override
    public Object execute() {
        VmSpec spec = new VmSpec(name, hypervisor, memoryMb, image,
                nics == null ? List.of() : nics.stream().map(VmText::nic).toList(), VmText.params(params));
        if (start) {
            registry.hypervisor(hypervisor).support().require(); // nothing is defined that cannot start here
        }
        System.out.println(VmText.line(registry.define(spec)));
        if (start) {
            VmStarter.start(registry.hypervisorOf(name), name, System.out);
        }
        return null;
    }
}
