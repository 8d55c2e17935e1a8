package org.mobitopolo.controller.internal;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.mobitopolo.api.topology.TopologyImage;
import org.mobitopolo.api.topology.TopologyNetwork;
import org.mobitopolo.api.topology.TopologyNic;
import org.mobitopolo.api.topology.TopologyNode;
import org.mobitopolo.api.vm.NicSpec;
import org.mobitopolo.api.vm.VmSpec;

/** A node as the VM its host makes, and the hash that tells whether a VM still is what the file says. */
final class Specs {
    private Specs() {}

    /**
     * The VM: the first NIC's address becomes {@code ip=}, the second's {@code ip1=} (the Mobitopolo init
     * configures those two NICs from them).
     */
    static VmSpec vm(TopologyNode n) {
        Map<String, String> params = new LinkedHashMap<>(n.params());
        if (!n.nics().isEmpty() && !n.nics().get(0).address().isEmpty()) {
            params.putIfAbsent("ip", n.nics().get(0).address());
        }
        if (n.nics().size() > 1 && !n.nics().get(1).address().isEmpty()) {
            params.putIfAbsent("ip1", n.nics().get(1).address());
        }
        List<NicSpec> nics = new ArrayList<>();
        for (TopologyNic nic : n.nics()) {
            nics.add(NicSpec.onNetwork(nic.network(), nic.mac()));
        }
        return new VmSpec(n.name(), n.hypervisor(), n.memoryMb(), n.image(), nics, params);
    }

    /** SHA-256 of a network's services as the file gives them. */
    static String hash(TopologyNetwork n) {
        return HexFormat.of().formatHex(Macs.sha256("subnet=" + n.subnet() + "\ngateway=" + n.gateway() + "\nrouter=" + n.router()
                + "\ndhcp=" + n.dhcp() + "\ndns=" + n.dns() + "\n"));
    }

    /**
     * SHA-256 of what the VM is made of, in a fixed order (parameters sorted). Neither the host nor the
     * impairments are in it: a move is a migration and an impairment is changed live, neither a new VM.
     */
    static String hash(VmSpec s) {
        return hash(s, null);
    }

    /** The same, with what the file builds the VM's image from: other packages, another VM. */
    static String hash(VmSpec s, TopologyImage built) {
        StringBuilder b = new StringBuilder()
                .append("name=").append(s.name()).append('\n')
                .append("hypervisor=").append(s.hypervisor()).append('\n')
                .append("memoryMb=").append(s.memoryMb()).append('\n')
                .append("image=").append(s.image()).append('\n');
        for (NicSpec nic : s.nics()) {
            b.append("nic=").append(nic.network()).append(' ').append(nic.mac()).append('\n');
        }
        new TreeMap<>(s.params()).forEach((k, v) -> b.append("param.").append(k).append('=').append(v).append('\n'));
        if (built != null) {
            b.append("image.packages=").append(String.join(" ", new TreeSet<>(built.packages()))).append('\n')
                    .append("image.sizeMb=").append(built.sizeMb()).append('\n');
        }
        return HexFormat.of().formatHex(Macs.sha256(b.toString()));
    }
}
