package org.mobitopolo.api.migration;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which VM to move, where, and how.
 *
 * @param id the migration's id, unique on this host
 * @param vm the VM's name
 * @param target the destination host's Mobitopolo endpoint
 * @param policy the limits the move must respect
 * @param rebind the rebinding strategies the target applies once the VM runs there, in order, comma-separated:
 *     e.g. {@value #ARP}, {@code dns,forward}, or {@value #NO_REBIND}
 * @param networks where the VM's NICs go on the target: source network → target network, for networks
 *     that have another name there (another subnet, say); a network not named keeps its name
 */
public record MigrationRequest(String id, String vm, URI target, MigrationPolicy policy, String rebind,
        Map<String, String> networks) {
    /** The default rebinding: gratuitous ARP and RARP for the VM's MACs. */
    public static final String ARP = "arp";
    /** No rebinding: the switches learn where the VM went from its own traffic. */
    public static final String NO_REBIND = "none";
    private static final Pattern STRATEGIES = Pattern.compile("[a-z][a-z0-9-]{0,31}(,[a-z][a-z0-9-]{0,31}){0,7}");

    public MigrationRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(vm, "vm");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(policy, "policy");
        if (rebind == null || !STRATEGIES.matcher(rebind).matches()) {
            throw new IllegalArgumentException("rebind names strategies like arp or dns,forward, or none; got " + rebind);
        }
        networks = networks == null ? Map.of() : Map.copyOf(networks);
    }

    /** A move whose NICs keep their networks' names. */
    public MigrationRequest(String id, String vm, URI target, MigrationPolicy policy, String rebind) {
        this(id, vm, target, policy, rebind, Map.of());
    }

    /** The strategies, in the order they run. */
    public List<String> strategies() {
        return List.of(rebind.split(","));
    }

    /** The network a NIC on {@code network} joins on the target. */
    public String targetNetwork(String network) {
        return networks.getOrDefault(network, network);
    }
}
