/**
 * Topologies: whole distributed applications declared in one file (hosts, networks, nodes, their
 * start order and the impairments of their links) and the plans that bring a set of hosts to what a
 * file declares.
 *
 * <p>{@link org.mobitopolo.api.topology.TopologyPlanner} reads a file into a checked
 * {@link org.mobitopolo.api.topology.Topology} (every problem at once, each with where it is: a
 * {@link org.mobitopolo.api.topology.TopologyException}), and compares it with what exists (a
 * {@link org.mobitopolo.api.topology.Deployment}, as the controller's journal recorded it and the hosts
 * report it) into a {@link org.mobitopolo.api.topology.Plan}: ordered {@link org.mobitopolo.api.topology.Step}s
 * in waves, each naming the host it runs on and what it does. The planner is a pure function; the
 * {@link org.mobitopolo.api.topology.TopologyController} runs plans (REST calls to the hosts) and keeps
 * what they did in the platform's store.
 *
 * <p>The file's format is described in {@code docs/TOPOLOGY.md}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.6.0")
package org.mobitopolo.api.topology;
