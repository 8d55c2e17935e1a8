package org.mobitopolo.hypervisor.qemu.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mobitopolo.api.net.Endpoint;
import org.mobitopolo.api.vm.NicSpec;
import org.mobitopolo.api.vm.VmSpec;
import org.mobitopolo.hypervisor.common.GuestParams;

/** The command line of a QEMU process, as measured on these machines (see DESIGN.md). */
final class QemuCommandLine {
    private QemuCommandLine() {}

    /**
     * @param spec the VM with every NIC's endpoints resolved
     * @param incoming a {@code -incoming} URI to resume saved memory from, or {@code null} to boot
     */
    static List<String> of(String binary, String accel, QemuVm vm, VmSpec spec, String kernel, String initramfs,
            String incoming) {
        List<String> args = new ArrayList<>(List.of(binary,
                "-name", spec.name() + ",process=qemu-" + vm.id,
                "-accel", accel, "-m", spec.memoryMb() + "M", "-smp", "1",
                "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
                "-kernel", kernel, "-initrd", initramfs,
                "-append", String.join(" ", kernelArgs(spec)),
                "-chardev", "socket,id=console,path=" + vm.consoleSocket() + ",server=on,wait=off,logfile="
                        + vm.consoleLog() + ",logappend=on",
                "-serial", "chardev:console",
                "-chardev", "socket,id=agent,path=" + vm.agentSocket() + ",server=on,wait=off",
                "-device", "isa-serial,chardev=agent",
                "-qmp", "unix:" + vm.qmpSocket() + ",server=on,wait=off",
                "-drive", "if=none,id=disk0,format=qcow2,file=" + vm.disk() + backingUnlocked(vm),
                "-device", "virtio-blk-pci,drive=disk0,id=vda"));
        for (int i = 0; i < spec.nics().size(); i++) {
            args.add("-netdev");
            args.add(netdev(i, spec.nics().get(i)));
            args.add("-device");
            args.add("virtio-net-pci,netdev=nic" + i + ",id=net" + i + ",mac=" + spec.nics().get(i).mac());
        }
        if (incoming != null) {
            args.add("-incoming");
            args.add(incoming);
        }
        return args;
    }

    /**
     * The base image is only ever read (by every VM made from it, UML ones too, whose whole-file read
     * lock QEMU's image locking takes for a refusal to share it), so QEMU need not lock it. A disk that
     * came with a move stands alone: no base, no option (QEMU refuses it there).
     */
    private static String backingUnlocked(QemuVm vm) {
        return vm.base.equals(vm.disk()) ? "" : ",backing.file.locking=off";
    }

    /** {@code loglevel=5} lets the SysRq progress lines through that a clean stop waits for. */
    private static List<String> kernelArgs(VmSpec spec) {
        List<String> args = new ArrayList<>(List.of("console=ttyS0", "loglevel=5", "panic=-1"));
        args.addAll(GuestParams.kernelArgs(spec));
        args.add("mobi.agent=/dev/ttyS1");
        return args;
    }

    /** A NIC sending one raw Ethernet frame per UDP datagram. */
    static String netdev(int index, NicSpec nic) {
        Endpoint local = requireEndpoints(index, nic);
        Endpoint remote = nic.remote();
        return "dgram,id=nic" + index
                + ",local.type=inet,local.host=" + local.host() + ",local.port=" + local.port()
                + ",remote.type=inet,remote.host=" + remote.host() + ",remote.port=" + remote.port();
    }

    /** The same NIC as QMP's {@code netdev_add} arguments. */
    static Map<String, Object> netdevArguments(int index, NicSpec nic) {
        Endpoint local = requireEndpoints(index, nic);
        return Map.of("type", "dgram", "id", "nic" + index,
                "local", Map.of("type", "inet", "host", local.host(), "port", Integer.toString(local.port())),
                "remote", Map.of("type", "inet", "host", nic.remote().host(), "port", Integer.toString(nic.remote().port())));
    }

    private static Endpoint requireEndpoints(int index, NicSpec nic) {
        if (nic.local() == null) {
            throw new IllegalStateException("NIC " + index + " on network " + nic.network() + " has no switch port yet");
        }
        return nic.local();
    }
}
