package org.mobitopolo.controller.internal;

import java.util.Collection;
import java.util.Objects;
import org.mobitopolo.api.topology.Deployment;
import org.mobitopolo.api.topology.HostCapacity;
import org.mobitopolo.api.topology.Plan;
import org.mobitopolo.api.topology.Topology;
import org.mobitopolo.api.topology.TopologyPlanner;
import org.osgi.service.component.annotations.Component;

/** The planner: stateless, so one instance serves every caller at once. */
@Component(service = TopologyPlanner.class)
public final class DefaultTopologyPlanner implements TopologyPlanner {
    @Override
    public Topology read(String text) {
        Objects.requireNonNull(text, "text");
        Problems problems = new Problems();
        Tree root = Tree.parse(text, problems);
        if (root == null) {
            problems.throwIfAny(); // malformed: nothing more can be read
        }
        TopologyReader reader = new TopologyReader(problems);
        Topology raw = reader.read(root);
        new TopologyChecks(problems, reader.where()).check(raw);
        problems.throwIfAny();
        return Macs.fill(raw);
    }

    @Override
    public Plan plan(Topology desired, Deployment current, Collection<HostCapacity> capacity) {
        throw new UnsupportedOperationException("the planner comes in the next commit");
    }

    @Override
    public Plan destroy(Deployment current, Topology lastApplied) {
        throw new UnsupportedOperationException("the planner comes in the next commit");
    }
}
