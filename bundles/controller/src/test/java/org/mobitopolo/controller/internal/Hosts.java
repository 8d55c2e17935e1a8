package org.mobitopolo.controller.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mobitopolo.api.net.LinkShape;
import org.mobitopolo.api.topology.DeployedHost;
import org.mobitopolo.api.topology.DeployedVm;
import org.mobitopolo.api.topology.Deployment;
import org.mobitopolo.api.topology.HostCapacity;
import org.mobitopolo.api.topology.Plan;
import org.mobitopolo.api.topology.Step;

/**
 * What the tests need of hosts: their capacity, and the effect of a plan's steps on a deployment as an
 * executor journals it (each step's documented effect, nothing more), so a test can re-plan after a deploy.
 */
final class Hosts {
    private Hosts() {}

    static HostCapacity both(String host, long freeMb) {
        return new HostCapacity(host, freeMb, 2, Set.of("uml", "qemu"), Set.of());
    }

    static String example(String name) {
        try (InputStream in = Hosts.class.getResourceAsStream("/examples/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no example " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The deployment once every step of the plan has been done. */
    static Deployment apply(Deployment before, Plan plan) {
        Map<String, Mutable> hosts = new HashMap<>();
        before.hosts().forEach((h, d) -> hosts.put(h, new Mutable(d)));
        for (Step s : plan.steps()) {
            Mutable h = hosts.computeIfAbsent(s.host(), k -> new Mutable(new DeployedHost(k, Set.of(), Map.of(), Map.of())));
            switch (s.kind()) {
                case CREATE_NETWORK -> h.networks.add(s.target());
                case DELETE_NETWORK -> {
                    h.networks.remove(s.target());
                    h.services.remove(s.target());
                }
                case CONFIGURE_SERVICES -> h.services.put(s.target(), s.specHash());
                case REMOVE_SERVICES -> h.services.remove(s.target());
                case OPEN_TUNNEL -> h.tunnels.put(s.peer(), LinkShape.NONE);
                case CLOSE_TUNNEL -> h.tunnels.remove(s.peer());
                case SHAPE_TUNNEL -> h.tunnels.put(s.peer(), s.shape());
                case CREATE_VM -> h.vms.put(s.target(), new DeployedVm(s.target(), s.specHash(), true, Map.of()));
                case START_VM -> h.vms.computeIfPresent(s.target(),
                        (k, v) -> new DeployedVm(k, v.specHash(), true, v.impairments()));
                case DELETE_VM -> h.vms.remove(s.target());
                case MIGRATE_VM -> {
                    h.vms.remove(s.target());
                    hosts.computeIfAbsent(s.peer(), k -> new Mutable(new DeployedHost(k, Set.of(), Map.of(), Map.of())))
                            .vms.put(s.target(), new DeployedVm(s.target(), s.specHash(), true, Map.of()));
                }
                case SHAPE_PORT -> h.vms.computeIfPresent(s.target(), (k, v) -> {
                    Map<String, LinkShape> shapes = new HashMap<>(v.impairments());
                    shapes.put(s.peer(), s.shape());
                    return new DeployedVm(k, v.specHash(), v.running(), shapes);
                });
                case BUILD_IMAGE, FETCH_IMAGE -> { } // the image is in the host's library, not in the deployment
                default -> throw new IllegalStateException(s.kind().toString());
            }
        }
        Map<String, DeployedHost> out = new HashMap<>();
        hosts.forEach((k, m) -> out.put(k, new DeployedHost(k, m.networks, m.tunnels, m.vms, m.services)));
        return new Deployment(out);
    }

    /** A VM marked as no longer running (on the hosts named, else everywhere), as a host reports one that died. */
    static Deployment died(Deployment d, String vm, String... only) {
        Map<String, DeployedHost> out = new HashMap<>(d.hosts());
        d.hosts().forEach((k, h) -> {
            if (h.vms().containsKey(vm) && (only.length == 0 || List.of(only).contains(k))) {
                Map<String, DeployedVm> vms = new HashMap<>(h.vms());
                DeployedVm v = vms.get(vm);
                vms.put(vm, new DeployedVm(vm, v.specHash(), false, v.impairments()));
                out.put(k, new DeployedHost(k, h.networks(), h.tunnels(), vms));
            }
        });
        return new Deployment(out);
    }

    static List<String> keys(Plan p) {
        return p.steps().stream().map(s -> s.wave() + " " + s.key()).toList();
    }

    private static final class Mutable {
        final Set<String> networks;
        final Map<String, LinkShape> tunnels;
        final Map<String, DeployedVm> vms;
        final Map<String, String> services;

        Mutable(DeployedHost d) {
            networks = new HashSet<>(d.networks());
            tunnels = new HashMap<>(d.tunnels());
            vms = new HashMap<>(d.vms());
            services = new HashMap<>(d.services());
        }
    }
}
