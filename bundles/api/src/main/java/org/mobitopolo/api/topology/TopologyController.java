package org.mobitopolo.api.topology;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.mobitopolo.api.vm.ExecResult;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Deploys topologies on their hosts and removes them, keeping what it did in the platform's store.
 * A deploy is a reconcile: it plans from what exists (the journal, checked against what the hosts
 * report) to what the file declares and runs only the difference; the same file twice changes
 * nothing the second time. A run stops at its first failed step, and the next deploy or destroy of
 * the topology goes on from what the steps before it did.
 *
 * <p>Runs go on in the background; each step's start and end are posted as OSGi events on
 * {@link #STEP_TOPIC} and kept in the run ({@link #get}).
 */
@ProviderType
public interface TopologyController {
    /**
     * The topic of a step's events, with properties {@code topology}, {@code run} (its id),
     * {@code step} ({@link Step#key()}), {@code host}, {@code kind}, {@code detail}, {@code state}
     * (a {@link StepState}) and, when it failed, {@code error}.
     */
    String STEP_TOPIC = "org/mobitopolo/topology/STEP";

    /**
     * What deploying the file would do now, touching nothing.
     *
     * @throws TopologyException for a file with problems, or nodes that cannot be placed
     * @throws org.mobitopolo.api.platform.PlatformException {@code UNAVAILABLE} when the store cannot be reached
     */
    Plan plan(String text);

    /**
     * Starts bringing the hosts to what the file declares; returns at once with the run, which is
     * {@link RunState#COMPLETED} already when there is nothing to do.
     *
     * @throws TopologyException for a file with problems, or nodes that cannot be placed
     * @throws org.mobitopolo.api.platform.PlatformException {@code CONFLICT} while another run of
     *     the topology goes on
     */
    TopologyRun deploy(String text);

    /**
     * Starts removing everything the journal says the topology has, on every host; a host it cannot
     * reach keeps its part, which the run's failed steps name and a later destroy removes.
     *
     * @throws org.mobitopolo.api.platform.PlatformException {@code NOT_FOUND} for a topology never
     *     deployed, {@code CONFLICT} while another run of it goes on
     */
    TopologyRun destroy(String name);

    /** Every topology the store knows, by name, with what exists of it as the journal has it. */
    List<TopologyStatus> list();

    /**
     * One topology: what exists of it where, as its hosts confirm it (a VM that died is not running; a
     * host that cannot be reached is taken at the journal's word), and its last run.
     */
    Optional<TopologyStatus> get(String name);

    /** A run by its id, going on or ended, also one that destroyed its topology. */
    Optional<TopologyRun> run(String id);

    /**
     * A run's end: a stage that completes with the run once it has ended (at once for one that ended
     * already), so that a caller waits without asking again and again.
     */
    Optional<CompletionStage<TopologyRun>> ended(String id);

    /**
     * Starts a distributed snapshot of the topology: every running node frozen (a UML guest's disks
     * flushed first), then a VM snapshot of every node taken on its host ({@code SNAP-NODE}), then every
     * frozen node resumed, whatever failed before. Once the run has completed the snapshot is kept
     * in the store as {@code snapshot}; a failed run keeps nothing (the VM snapshots it took are deleted).
     *
     * @throws org.mobitopolo.api.platform.PlatformException {@code NOT_FOUND} for a topology never
     *     deployed, {@code BAD_REQUEST} for a bad name, {@code CONFLICT} for a name taken or while
     *     another run of the topology goes on
     */
    TopologyRun snapshot(String topology, String snapshot);

    /** Every distributed snapshot in the store, by name. */
    List<TopologySnapshot> snapshots();

    /** One distributed snapshot. */
    Optional<TopologySnapshot> snapshot(String name);

    /**
     * Deletes a distributed snapshot and its VM snapshots on their hosts; topologies made from it keep
     * running.
     *
     * @throws org.mobitopolo.api.platform.PlatformException {@code NOT_FOUND} for none of that name;
     *     {@code UNAVAILABLE} when a host cannot be reached (the snapshot is kept, and deleting it again
     *     finishes the job)
     */
    void deleteSnapshot(String name);

    /**
     * Runs a command in a node's guest on whichever host it runs now, through its guest agent
     * ({@link org.mobitopolo.api.vm.Hypervisor#exec}).
     *
     * @throws org.mobitopolo.api.platform.PlatformException {@code NOT_FOUND} for no such topology or
     *     node, and as {@code Hypervisor.exec} does
     */
    ExecResult exec(String topology, String node, List<String> argv, Duration timeout);

    /**
     * Starts moving one deployed node to another of the topology's hosts, as a deploy of the journaled
     * file with that node's {@code host} changed would: the node's networks and tunnels made on the
     * target first, the node moved (QEMU live, UML by restart), tunnels that carry nothing any more
     * closed after. What else differs from the file is brought to it too. The file is not changed: a
     * node it pins to a host goes back there at its next deploy; one it places automatically stays.
     *
     * @throws org.mobitopolo.api.platform.PlatformException {@code NOT_FOUND} for no such topology,
     *     node or host, {@code CONFLICT} for a node not deployed or already on that host, or while
     *     another run of the topology goes on
     * @throws TopologyException when the node cannot run on that host
     */
    TopologyRun move(String topology, String node, String host);

    /** The formats of {@link #graph}. */
    enum GraphFormat {
        /** Graphviz's DOT text. */
        DOT,
        /** SVG, drawn by Graphviz's {@code dot}. */
        SVG
    }

    /**
     * The topology as a graph: a box per host with its VMs (coloured by state: running, not running,
     * not deployed), the networks their NICs join with addresses and impairments, the tunnels between
     * hosts with their shapes.
     *
     * @throws org.mobitopolo.api.platform.PlatformException {@code UNAVAILABLE} for SVG where
     *     Graphviz is not installed
     */
    Optional<String> graph(String name, GraphFormat format);

    /** The topology as a graph, as data: what {@link #graph(String, GraphFormat)} draws. */
    Optional<TopologyGraph> graph(String name);
}
