package org.mobitopolo.hypervisor.uml.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.mobitopolo.api.net.Endpoint;
import org.mobitopolo.api.vm.NicSpec;
import org.mobitopolo.api.vm.VmSpec;

/** The command line of a UML process, as measured on these machines (see DESIGN.md). */
final class UmlCommandLine {
    private static final Pattern PARAM_KEY = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    private static final Pattern PARAM_VALUE = Pattern.compile("[A-Za-z0-9_./:,@%+=-]{0,200}");

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
        args.add("mobi.hostname=" + spec.params().getOrDefault("hostname", spec.name()));
        spec.params().entrySet().stream()
                .filter(e -> !e.getKey().equals("hostname"))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> args.add("mobi." + e.getKey() + "=" + e.getValue()));
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

    /** Guest parameters travel on the kernel command line, so they must be single safe words. */
    static void checkParams(Map<String, String> params) {
        params.forEach((k, v) -> {
            if (!PARAM_KEY.matcher(k).matches()) {
                throw new IllegalArgumentException("guest parameter names are lower-case words, got '" + k + "'");
            }
            if (!PARAM_VALUE.matcher(v).matches()) {
                throw new IllegalArgumentException("guest parameter " + k + " must be one word without spaces or quotes, got '"
                        + v + "'");
            }
        });
    }
}
