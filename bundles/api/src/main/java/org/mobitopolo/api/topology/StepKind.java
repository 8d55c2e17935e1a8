package org.mobitopolo.api.topology;

/**
 * What a step does on its host, and with which REST call of that host. In a plan they come in this
 * order (a later kind never runs before an earlier one's wave), except that VM deletions run in
 * reverse {@code depends-on} order. A distributed snapshot's plan has the last three kinds only.
 */
public enum StepKind {
    /**
     * Fetches snapshot {@link Step#target()}, which a VM made here needs, from host {@link Step#peer()},
     * which has it: {@code POST /snapshots/{name}/fetch} here (resumed where an earlier fetch stopped;
     * nothing is fetched twice).
     */
    FETCH_SNAPSHOT,
    /**
     * Builds image {@link Step#target()}, declared in the file's {@code images}, which a VM made here
     * needs: {@code POST /images/{name}/build?wait=true}, which reuses an image built from the same
     * packages, so that it takes long only the first time.
     */
    BUILD_IMAGE,
    /**
     * Fetches image {@link Step#target()} from host {@link Step#peer()}, which built it in an earlier
     * wave: {@code POST /images/{name}/fetch?wait=true}, resumed where an interrupted fetch stopped; a
     * {@link #BUILD_IMAGE} after it finds the image built from the same packages and reuses it.
     */
    FETCH_IMAGE,
    /** Makes the network {@link Step#target()}: {@code POST /networks}. */
    CREATE_NETWORK,
    /**
     * Starts or changes network {@link Step#target()}'s services (its address, DHCP, DNS) as the file
     * says, on the one host that serves them: {@code PUT /networks/{name}/services}.
     */
    CONFIGURE_SERVICES,
    /**
     * Opens a VXLAN tunnel to host {@link Step#peer()}'s switch ({@code GET /tunnels/local} there, then
     * {@code POST /tunnels} here). Tunnels come in pairs, one step on each host.
     */
    OPEN_TUNNEL,
    /** Shapes the tunnel to {@link Step#peer()} live with {@link Step#shape()}: {@code PUT /tunnels/{id}/shape}. */
    SHAPE_TUNNEL,
    /** Kills and deletes VM {@link Step#target()}, removed from the file or about to be made anew: {@code DELETE /vms/{name}}. */
    DELETE_VM,
    /**
     * Moves running VM {@link Step#target()} from this host to {@link Step#peer()}, whose networks and
     * tunnels earlier waves made: {@code POST /migrations} here; live for QEMU, by restart for UML.
     */
    MIGRATE_VM,
    /** Defines VM {@link Step#vm()} and starts it, done once its guest is ready: {@code POST /vms?start=true}. */
    CREATE_VM,
    /** Starts existing VM {@link Step#target()} that is not running, done once ready: {@code POST /vms/{name}/start}. */
    START_VM,
    /**
     * Shapes live, with {@link Step#shape()}, what the switch sends to VM {@link Step#target()}'s port on
     * network {@link Step#peer()} (the port whose owner is the VM): {@code PUT /networks/{net}/ports/{port}/shape}.
     */
    SHAPE_PORT,
    /** Stops network {@link Step#target()}'s services here, which the file no longer asks of this host: {@code DELETE /networks/{name}/services}. */
    REMOVE_SERVICES,
    /** Closes the tunnel to {@link Step#peer()}, which no network of the topology needs any more: {@code DELETE /tunnels/{id}}. */
    CLOSE_TUNNEL,
    /** Deletes the network {@link Step#target()}, which no VM of the topology is on any more: {@code DELETE /networks/{name}}. */
    DELETE_NETWORK,
    /**
     * Freezes running VM {@link Step#target()} for a distributed snapshot (a UML guest's disks are
     * flushed first): {@code POST /vms/{name}/freeze}.
     */
    FREEZE_VM,
    /**
     * Takes snapshot {@link Step#peer()} of VM {@link Step#target()}, frozen or stopped, as it is: QEMU
     * its memory, devices and disk, UML its disk: {@code POST /snapshots}.
     */
    SNAPSHOT_VM,
    /** Resumes VM {@link Step#target()}, frozen for a distributed snapshot: {@code POST /vms/{name}/resume}. */
    RESUME_VM;
}
