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
        // the guest agent's line, /dev/ttyS0 in the guest: fds 3 and 4, opened by the launch wrapper
        args.add("ssl=null");
        args.add("ssl0=fd:3,fd:4");
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
        args.add("mobi.agent=/dev/ttyS0");
        return args;
    }

    /**
     * The command line run in a shell that first opens the agent line's FIFOs on fds 3 and 4 (read-write,
     * so that neither open waits for the other end) and then becomes UML: same pid, same command line.
     */
    static List<String> withAgentLine(List<String> uml, Path requests, Path answers) {
        List<String> args = new ArrayList<>(List.of("/bin/sh", "-c", "exec 3<>\"$0\" 4<>\"$1\"; shift; exec \"$@\"",
                requests.toString(), answers.toString()));
        args.addAll(uml);
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
