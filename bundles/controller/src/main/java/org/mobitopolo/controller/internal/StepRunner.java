package org.mobitopolo.controller.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.mobitopolo.api.net.Endpoint;
import org.mobitopolo.api.net.LinkShape;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.topology.DeployedVm;
import org.mobitopolo.api.topology.Step;
import org.mobitopolo.api.topology.Topology;
import org.mobitopolo.api.topology.TopologyImage;
import org.mobitopolo.api.topology.TopologyNetwork;

/**
 * Does one step on its host and journals its effect as soon as it is there, so that what a failed
 * run made is known to the next one.
 */
final class StepRunner {
    private static final Duration POLL = Duration.ofMillis(250); // a move's progress

    private final String topology;
    private final Topology file;
    private final Map<String, HostClient> hosts;
    private final Journal journal;
    private final Duration readyTimeout;
    private final Duration moveTimeout;
    /** Held while a VM's journal row is read and written again. */
    private final Object vmRows = new Object();

    /**
     * @param file the topology deployed (its networks' services, its images); {@code null} for a destroy or a snapshot
     * @param hosts every host of the topology by its name; the local one's base URL is this runtime's
     * @param readyTimeout how long a VM's guest may take to report ready
     * @param moveTimeout how long a move, or fetching a snapshot from another host, may take
     */
    StepRunner(String topology, Topology file, Map<String, HostClient> hosts, Journal journal, Duration readyTimeout,
            Duration moveTimeout) {
        this.topology = topology;
        this.file = file;
        this.hosts = hosts;
        this.journal = journal;
        this.readyTimeout = readyTimeout;
        this.moveTimeout = moveTimeout;
    }

    /**
     * Does the step; {@code hostWorkDone} is called once what it asks of its host is done and only a
     * wait remains (a guest booting), so that another step may use the host meanwhile. A
     * {@code CREATE_VM} calls {@code defined} once it has defined its VM (or failed to), and starts it
     * once {@code allDefined} says every VM of its wave is.
     */
    void run(Step step, Runnable hostWorkDone, Runnable defined, CountDownLatch allDefined) throws InterruptedException {
        HostClient host = host(step.host());
        switch (step.kind()) {
            case CREATE_NETWORK -> {
                host.createNetwork(step.target());
                journal.putNetwork(topology, step.host(), step.target());
            }
            case CONFIGURE_SERVICES -> {
                TopologyNetwork n = file.networks().stream().filter(x -> x.name().equals(step.target())).findFirst().orElseThrow();
                host.configureServices(n.name(), n.subnet(), n.gateway(), n.router(), n.dhcp(), n.dns());
                journal.putServices(topology, step.host(), step.target(), step.specHash());
            }
            case REMOVE_SERVICES -> {
                host.removeServices(step.target());
                journal.remove(topology, step.host(), "services", step.target());
            }
            case OPEN_TUNNEL -> {
                String id = host.openTunnel(endpointOf(host(step.peer()), host));
                journal.putTunnel(topology, step.host(), step.peer(), id, LinkShape.NONE);
            }
            case SHAPE_TUNNEL -> {
                String id = tunnelId(step);
                host.shapeTunnel(id, step.shape());
                journal.putTunnel(topology, step.host(), step.peer(), id, step.shape());
            }
            case CLOSE_TUNNEL -> {
                journal.tunnel(topology, step.host(), step.peer()).ifPresent(t -> host.closeTunnel(t.id()));
                journal.remove(topology, step.host(), "tunnel", step.peer());
            }
            case DELETE_NETWORK -> {
                host.deleteNetwork(step.target()); // its services with it
                journal.remove(topology, step.host(), "services", step.target());
                journal.remove(topology, step.host(), "network", step.target());
            }
            case DELETE_VM -> {
                host.deleteVm(step.target());
                journal.remove(topology, step.host(), "vm", step.target());
            }
            case CREATE_VM -> create(step, host, hostWorkDone, defined, allDefined);
            case START_VM -> {
                hostWorkDone.run();
                host.startVm(step.target(), readyTimeout);
            }
            case SHAPE_PORT -> {
                host.shapePort(step.peer(), step.target(), step.shape());
                synchronized (vmRows) { // a VM's NICs are shaped in one wave: its row is read and written by one at a time
                    Map<String, LinkShape> shapes = new HashMap<>(impairments(step.host(), step.target()));
                    shapes.put(step.peer(), step.shape());
                    shapes.values().removeIf(LinkShape::isNone);
                    journal.putVm(topology, step.host(), step.target(), specHash(step.host(), step.target()), shapes);
                }
            }
            case MIGRATE_VM -> move(step, host, host(step.peer()));
            case BUILD_IMAGE -> {
                TopologyImage image = file.image(step.target()).orElseThrow();
                host.buildImage(image.name(), image.packages(), image.sizeMb(), moveTimeout);
            }
            case FETCH_IMAGE -> host.fetchImage(step.target(), baseAsSeenFrom(host(step.peer()), host), moveTimeout);
            case FETCH_SNAPSHOT -> host.fetchSnapshot(step.target(), baseAsSeenFrom(host(step.peer()), host), moveTimeout);
            case FREEZE_VM -> host.freezeVm(step.target());
            case SNAPSHOT_VM -> host.snapshotVm(step.target(), step.peer());
            case RESUME_VM -> host.resumeVm(step.target());
        }
    }

    /**
     * Moves the VM with the migration engine of its host: QEMU live, UML by restart on the target
     * with its disk. The engine's report of the move journals it too ({@code handleEvent}); this does
     * the same for a move it did not see, e.g. one another runtime's engine made.
     */
    private void move(Step step, HostClient from, HostClient to) throws InterruptedException {
        String vm = step.target();
        String id = from.migrate(vm, to.base());
        long deadline = System.nanoTime() + moveTimeout.toNanos();
        while (true) {
            JsonNode m = from.migration(id);
            String phase = m.path("progress").path("phase").asText();
            if (phase.equals("COMPLETED")) {
                break;
            }
            if (phase.isEmpty()) { // not a migration's answer: waiting on would wait for nothing
                throw new PlatformException(ErrorCode.FAILED, "host " + from.name() + " answered for migration " + id
                        + " without its phase: " + m);
            }
            if (phase.equals("FAILED") || phase.equals("CANCELLED")) {
                throw new PlatformException(ErrorCode.FAILED, "the move of " + vm + " to " + to.name() + " ended " + phase
                        + ": " + m.path("error").asText("no reason given") + "; it runs on on " + from.name());
            }
            if (System.nanoTime() > deadline) {
                throw new PlatformException(ErrorCode.FAILED, "the move of " + vm + " to " + to.name() + " did not end within "
                        + moveTimeout.toSeconds() + " s (migration " + id + " on " + from.name() + ")");
            }
            Thread.sleep(POLL.toMillis());
        }
        journal.putVm(topology, step.peer(), vm, step.specHash(), Map.of());
        journal.remove(topology, step.host(), "vm", vm);
    }

    /**
     * Journals the VM before its host makes it: were this runtime to stop in between, the next run
     * would find the VM in the journal and on the host, rather than a VM of that name it knows nothing
     * of. A host that refuses leaves the journal as it was, and keeps nothing of the VM unless the
     * refusal was for a VM of that name that is not the topology's. The VMs of a wave start once all
     * of them are defined, together, as they would from a shell: defining is quick while no guest
     * boots yet, and slow once guests take the cores.
     */
    private void create(Step step, HostClient host, Runnable hostWorkDone, Runnable defined, CountDownLatch allDefined)
            throws InterruptedException {
        try {
            journal.putVm(topology, step.host(), step.target(), step.specHash(), Map.of());
            try {
                host.defineVm(step.vm());
            } catch (PlatformException refused) {
                throw undone(step, host, refused);
            }
        } finally {
            defined.run();
        }
        hostWorkDone.run();
        allDefined.await();
        try {
            host.startVm(step.target(), readyTimeout);
        } catch (PlatformException refused) {
            throw undone(step, host, refused);
        }
    }

    /** Removes what a refused creation left, as far as the host lets it; returns the refusal to throw. */
    private PlatformException undone(Step step, HostClient host, PlatformException refused) {
        if (refused.code() != ErrorCode.CONFLICT) {
            try {
                host.deleteVm(step.target()); // defined, then refused to start: nothing of it stays
            } catch (PlatformException unreachable) {
                refused.addSuppressed(unreachable); // the next deploy finds what is left: the journal keeps it
                return refused;
            }
        }
        journal.remove(topology, step.host(), "vm", step.target());
        return refused;
    }

    private String tunnelId(Step step) {
        return journal.tunnel(topology, step.host(), step.peer()).map(Journal.Tunnel::id)
                .orElseThrow(() -> new PlatformException(ErrorCode.FAILED, "the journal has no tunnel " + step.host() + " -> "
                        + step.peer() + " to shape"));
    }

    private Map<String, LinkShape> impairments(String host, String vm) {
        DeployedVm deployed = deployed(host, vm);
        return deployed == null ? Map.of() : deployed.impairments();
    }

    private String specHash(String host, String vm) {
        DeployedVm deployed = deployed(host, vm);
        if (deployed == null) {
            throw new PlatformException(ErrorCode.FAILED, "the journal has no VM " + vm + " on " + host + " to shape");
        }
        return deployed.specHash();
    }

    private DeployedVm deployed(String host, String vm) {
        var there = journal.deployment(topology).hosts().get(host);
        return there == null ? null : there.vms().get(vm);
    }

    private HostClient host(String name) {
        HostClient h = hosts.get(name);
        if (h == null) {
            throw new PlatformException(ErrorCode.FAILED, "the topology names no host " + name);
        }
        return h;
    }

    /**
     * Where {@code from}'s tunnel to {@code peer} must point: the address {@code peer}'s switch
     * receives on, as {@code from} reaches it. A switch bound to every address (or to loopback) says
     * nothing useful about that, so the peer's URL gives the address; for this runtime, whose URL may
     * be a loopback one, the address this machine sends from towards {@code from}.
     */
    static Endpoint endpointOf(HostClient peer, HostClient from) {
        Endpoint bound = peer.tunnelEndpoint();
        String address = bound.host();
        if (isUnspecific(address)) {
            address = peer.base().getHost();
            if (isUnspecific(address) && !isUnspecific(from.base().getHost())) {
                address = sourceAddressTowards(from.base().getHost());
            }
        }
        return new Endpoint(address, bound.port());
    }

    /**
     * Where {@code from} reaches {@code peer}'s REST endpoint: its URL, unless that is a loopback one
     * (this runtime's, by default), which {@code from} reaches at the address this machine sends from
     * towards it.
     */
    static URI baseAsSeenFrom(HostClient peer, HostClient from) {
        URI base = peer.base();
        if (!isUnspecific(base.getHost()) || isUnspecific(from.base().getHost())) {
            return base;
        }
        String address = sourceAddressTowards(from.base().getHost());
        return URI.create(base.getScheme() + "://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + base.getPort());
    }

    private static boolean isUnspecific(String address) {
        try {
            InetAddress a = InetAddress.getByName(address);
            return address.isEmpty() || a.isAnyLocalAddress() || a.isLoopbackAddress();
        } catch (UnknownHostException notAnAddress) {
            return false; // a name: the peer's DNS name is as specific as it gets
        }
    }

    private static String sourceAddressTowards(String host) {
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(new InetSocketAddress(host, 9)); // no packet is sent: connect only picks the route
            return probe.getLocalAddress().getHostAddress();
        } catch (SocketException e) {
            throw new PlatformException(ErrorCode.FAILED, "no route from this host to " + host + ": " + e.getMessage(), e);
        }
    }
}
