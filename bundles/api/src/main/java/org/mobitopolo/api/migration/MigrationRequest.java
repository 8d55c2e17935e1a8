package org.mobitopolo.api.migration;

import java.net.URI;
import java.util.Objects;

/**
 * Which VM to move, where, and how.
 *
 * @param id the migration's id, unique on this host
 * @param vm the VM's name
 * @param target the destination host's Mobitopolo endpoint
 * @param policy the limits the move must respect
 */
public record MigrationRequest(String id, String vm, URI target, MigrationPolicy policy) {
    public MigrationRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(vm, "vm");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(policy, "policy");
    }
}
