package org.mobitopolo.controller.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.mobitopolo.api.topology.Topology;
import org.mobitopolo.api.topology.TopologyNic;
import org.mobitopolo.api.topology.TopologyNode;

/**
 * MACs for NICs the file gives none: derived from the topology's name, the node's name and the NIC's
 * index, so the same file always gives the same MACs (a re-plan changes no VM for them) and a node keeps
 * its MACs when others are added or removed.
 */
final class Macs {
    private Macs() {}

    /** The topology with every MAC in lower case and the missing ones generated, none equal to another of the topology. */
    static Topology fill(Topology t) {
        Set<String> taken = new HashSet<>();
        for (TopologyNode n : t.nodes()) {
            for (TopologyNic nic : n.nics()) {
                if (!nic.mac().isEmpty()) {
                    taken.add(nic.mac().toLowerCase(Locale.ROOT));
                }
            }
        }
        List<TopologyNode> nodes = new ArrayList<>();
        for (TopologyNode n : t.nodes()) {
            List<TopologyNic> nics = new ArrayList<>();
            for (int i = 0; i < n.nics().size(); i++) {
                TopologyNic nic = n.nics().get(i);
                String mac = nic.mac().isEmpty() ? generate(t.name(), n.name(), i, taken) : nic.mac().toLowerCase(Locale.ROOT);
                nics.add(new TopologyNic(nic.network(), mac, nic.address(), nic.impairment()));
            }
            nodes.add(new TopologyNode(n.name(), n.hypervisor(), n.memoryMb(), n.image(), n.params(), nics, n.host(),
                    n.dependsOn()));
        }
        return new Topology(t.name(), t.hosts(), t.networks(), nodes, t.hostLinks(), t.images());
    }

    /**
     * {@code 02:} (locally administered, unicast: never a vendor's, never QEMU's {@code 52:54:00}) and five
     * bytes of SHA-256; on the rare clash with a MAC already taken, the hash of the next attempt.
     */
    static String generate(String topology, String node, int nic, Set<String> taken) {
        for (int attempt = 0; ; attempt++) {
            byte[] h = sha256(topology + "\0" + node + "\0" + nic + (attempt == 0 ? "" : "\0" + attempt));
            byte[] mac = {0x02, h[0], h[1], h[2], h[3], h[4]};
            String text = HexFormat.ofDelimiter(":").formatHex(mac);
            if (taken.add(text)) {
                return text;
            }
        }
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
    }
}
