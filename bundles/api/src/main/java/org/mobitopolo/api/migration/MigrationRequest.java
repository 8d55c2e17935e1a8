package org.mobitopolo.api.migration;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which VM to move, where, and how.
 *
 * @param id the migration's id, unique on this host
 * @param vm the VM's name
 * @param target the destination host's Mobitopolo endpoint
 * @param policy the limits the move must respect
 * @param rebind the rebinding strategy the target applies once the VM runs there, e.g. {@value #ARP}, or
 *     {@value #NO_REBIND}
 */
public record MigrationRequest(String id, String vm, URI target, MigrationPolicy policy, String rebind) {
    /** The default rebinding: gratuitous ARP and RARP for the VM's MACs. */
    public static final String ARP = "arp";
    /** No rebinding: the switches learn where the VM went from its own traffic. */
    public static final String NO_REBIND = "none";
    private static final Pattern STRATEGY = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    public MigrationRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(vm, "vm");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(policy, "policy");
        if (rebind == null || !STRATEGY.matcher(rebind).matches()) {
            throw new IllegalArgumentException("rebind names a strategy like arp, or none; got " + rebind);
        }
    }
}
