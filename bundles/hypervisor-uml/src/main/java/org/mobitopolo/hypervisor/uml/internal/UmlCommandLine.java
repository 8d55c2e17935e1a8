package org.mobitopolo.hypervisor.uml.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mobitopolo.api.net.Endpoint;
import org.mobitopolo.api.vm.NicSpec;
import org.mobitopolo.api.vm.VmSpec;
import org.mobitopolo.hypervisor.common.GuestParams;

/** The command line of a UML process, as measured on these machines (see DESIGN.md). */
final class UmlCommandLine {
    private UmlCommandLine() {}

    /**
     * @param base the base image (a file: ubd with a copy-on-write layer) or root directory (hostfs)
     * @param cow the VM's copy-on-write layer over a base image file
     */
    static List<String> of(Path binary, VmSpec spec, String umid, Path umlDir, Path base, Path cow) {
        List<String> args = new ArrayList<>();
        args.add(binary.toString());
        args.add("mem=" + spec.memoryMb() + "M");
        args.add("umid=" + umid);
        args.add("uml_dir=" + umlDir);
        args.add("con=null");
        args.add("con0=fd:0,fd:1");
        if (Files.isDirectory(base)) {
            args.add("rootfstype=hostfs");
            args.add("rootflags=" + base.toAbsolutePath());
        } else {
            args.add("ubd0=" + cow + "," + base.toAbsolutePath());
            args.add("root=/dev/ubda");
        }
        args.add("rw");
        args.add("init=/init");
        for (int i = 0; i < spec.nics().size(); i++) {
            args.add(vec(i, spec.nics().get(i)));
        }
        args.addAll(GuestParams.kernelArgs(spec));
        return args;
    }

    /** A vector NIC speaking L2TPv3 over UDP: 8-byte header with session 1, then the frame. */
    static String vec(int index, NicSpec nic) {
        Endpoint local = nic.local();
        Endpoint remote = nic.remote();
        if (local == null) {
            throw new IllegalStateException("NIC " + index + " on network " + nic.network() + " has no switch port yet");
        }
        return "vec" + index + ":transport=l2tpv3,udp=1"
                + ",src=" + local.host() + ",srcport=" + local.port()
                + ",dst=" + remote.host() + ",dstport=" + remote.port()
                + ",rx_session=1,tx_session=1,mac=" + nic.mac();
    }
}
