package org.mobitopolo.api.topology;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import org.mobitopolo.api.net.LinkShape;

/**
 * A topology's VM as it exists on a host.
 *
 * @param name the node's name
 * @param specHash the {@link Step#specHash()} of the step that created it: a node whose spec hashes
 *     differently now is recreated
 * @param running whether it runs (a VM that died or was stopped is started again by the next deploy)
 * @param impairments the shapes on its switch ports, by network; a network without one is unshaped
 */
public record DeployedVm(String name, String specHash, boolean running, Map<String, LinkShape> impairments) {
    /** Checks that no part is missing and copies the map. */
    public DeployedVm {
        requireNonNull(name, "name");
        requireNonNull(specHash, "specHash");
        impairments = impairments == null ? Map.of() : Map.copyOf(impairments);
    }
}
