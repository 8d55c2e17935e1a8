package org.mobitopolo.shell.command;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.karaf.shell.support.table.ShellTable;
import org.mobitopolo.api.net.Endpoint;
import org.mobitopolo.api.vm.NicSpec;
import org.mobitopolo.api.vm.VmInfo;

/** How VMs read on the console, and how their options are written there. */
final class VmText {
    private VmText() {}

    static void table(List<VmInfo> vms, PrintStream out) {
        ShellTable t = new ShellTable();
        t.column("VM");
        t.column("Hypervisor");
        t.column("State");
        t.column("PID").alignRight();
        t.column("Uptime").alignRight();
        t.column("Memory").alignRight();
        t.column("Image");
        t.column("Detail");
        for (VmInfo vm : vms) {
            t.addRow().addContent(vm.spec().name(), vm.spec().hypervisor(), vm.state(), vm.pid() < 0 ? "" : vm.pid(),
                    vm.uptimeMillis() == 0 ? "" : String.format("%.1f s", vm.uptimeMillis() / 1000.0),
                    vm.rssBytes() == 0 ? "" : Units.bytes(vm.rssBytes()),
                    vm.spec().image().isEmpty() ? "(default)" : vm.spec().image(), vm.detail());
        }
        t.print(out);
    }

    /** Waits for a VM operation; its failure is the one line the console prints. */
    static <T> T join(CompletionStage<T> operation) {
        try {
            return operation.toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    static String line(VmInfo vm) {
        return vm.spec().name() + ": " + vm.state() + (vm.pid() > 0 ? " (pid " + vm.pid() + ")" : "")
                + (vm.detail().isEmpty() ? "" : " - " + vm.detail());
    }

    /** One line per NIC: its device, MAC, and where it is joined. */
    static void nics(VmInfo vm, PrintStream out) {
        for (int i = 0; i < vm.spec().nics().size(); i++) {
            NicSpec n = vm.spec().nics().get(i);
            out.println(vm.spec().name() + " vec" + i + " " + n.mac()
                    + (n.local() == null ? " on network " + n.network() : " udp " + n.local() + " -> " + n.remote()));
        }
    }

    /** {@code key=value} pairs, in order. */
    static Map<String, String> params(List<String> pairs) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : pairs == null ? List.<String>of() : pairs) {
            int eq = pair.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("guest parameters are key=value, got '" + pair + "'");
            }
            params.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return params;
    }

    /** {@code MAC@NETWORK} joins a virtual network; {@code MAC,LOCAL:PORT,REMOTE:PORT} is point to point. */
    static NicSpec nic(String text) {
        String[] at = text.split("@", 2);
        if (at.length == 2) {
            return NicSpec.onNetwork(at[1], at[0]);
        }
        String[] parts = text.split(",");
        if (parts.length != 3) {
            throw new IllegalArgumentException("a NIC is MAC@NETWORK or MAC,LOCALHOST:PORT,REMOTEHOST:PORT, got '" + text + "'");
        }
        return NicSpec.pointToPoint(parts[0], Endpoint.parse(parts[1]), Endpoint.parse(parts[2]));
    }
}
