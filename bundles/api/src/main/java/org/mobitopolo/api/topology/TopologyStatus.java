package org.mobitopolo.api.topology;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A topology as the controller's journal has it.
 *
 * @param name the topology's name
 * @param placement where each node runs (or was last put), by node name
 * @param deployment what exists of it, host by host
 * @param lastRun its latest deploy or destroy, which may still go on
 */
public record TopologyStatus(String name, Map<String, String> placement, Deployment deployment, TopologyRun lastRun) {
    /** Checks that no part is missing and copies the map. */
    public TopologyStatus {
        requireNonNull(name, "name");
        placement = placement == null ? Map.of() : Map.copyOf(placement);
        requireNonNull(deployment, "deployment");
    }
}
