package org.mobitopolo.rebind.forward.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.mobitopolo.api.net.Endpoint;
import org.mobitopolo.api.net.VirtualSwitch;
import org.mobitopolo.api.netservices.NetworkServices;
import org.mobitopolo.api.netservices.ServiceInfo;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.platform.PluginCatalog;
import org.mobitopolo.api.rebind.ForwardInfo;
import org.mobitopolo.api.rebind.ForwardSpec;
import org.mobitopolo.api.rebind.Forwarding;
import org.mobitopolo.api.rebind.RebindContext;
import org.mobitopolo.api.rebind.RebindStrategy;
import org.mobitopolo.api.security.PeerCredentials;
import org.mobitopolo.api.vm.VmInfo;
import org.mobitopolo.api.vm.VmRegistry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebinding by forwarding, for a VM moved live onto a network of another subnet: connections opened
 * before the move survive it. While the VM is paused for its last copy, the host it leaves opens a
 * forward: a port on the network it left, joined over UDP to a port the target opens on the network it
 * goes to ({@code POST /api/v1/forwards} there, with this host's peer credential). Frames for the VM's
 * MAC and ARP for its old address cross to it, its frames for the old subnet come back; the guest keeps
 * its old address beside its new lease. The forward closes once no frame crossed for {@code idleSeconds},
 * or after {@code graceSeconds} at most; the target then has the guest drop its old address.
 *
 * <p>Public only because Felix SCR instantiates components through public constructors; the
 * package is not exported.
 */
@Component(service = {RebindStrategy.class, Forwarding.class},
        property = {PluginCatalog.PLUGIN_NAME + "=forward", RebindStrategy.STRATEGY + "=forward"},
        configurationPid = "org.mobitopolo.rebind.forward")
@Designate(ocd = ForwardRebind.Config.class)
public final class ForwardRebind implements RebindStrategy, Forwarding {
    private static final Logger LOG = LoggerFactory.getLogger(ForwardRebind.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How much longer than the source's grace a target's end waits to be closed before it closes itself. */
    private static final int TARGET_SLACK_SECONDS = 30;

    @ObjectClassDefinition(name = "Mobitopolo rebinding by forwarding")
    public @interface Config {
        @AttributeDefinition(description = "Seconds a forward stays at most after a move", min = "1")
        int graceSeconds() default 60;

        @AttributeDefinition(description = "A forward closes earlier once no frame crossed it for this many seconds", min = "1")
        int idleSeconds() default 20;

        @AttributeDefinition(description = "Address the forwards' UDP sockets bind to")
        String bindAddress() default "0.0.0.0";
    }

    private final VirtualSwitch sw;
    private final VmRegistry registry;
    private final Config config;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile NetworkServices networkServices;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PeerCredentials peers;
    /** Every end on this host, by forward id. */
    private final Map<String, ForwardEnd> ends = new LinkedHashMap<>();
    /** Where each source's end has its other end. */
    private final Map<String, TargetForwards> targets = new LinkedHashMap<>();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mobitopolo-forward-clock");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public ForwardRebind(@Reference VirtualSwitch sw, @Reference VmRegistry registry, Config config) {
        this.sw = sw;
        this.registry = registry;
        this.config = config;
        clock.scheduleWithFixedDelay(this::expire, 1, 1, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        clock.shutdownNow();
        List<String> ids;
        synchronized (ends) {
            ids = new ArrayList<>(ends.keySet());
        }
        ids.forEach(this::closeQuietly);
    }

    @Override
    public boolean keepsPreviousAddress() {
        return true;
    }

    @Override
    public Optional<String> leaving(RebindContext context, URI target) {
        if (context.network().equals(context.previousNetwork())) {
            return Optional.empty(); // a stretched network: the VM keeps its address, nothing to forward
        }
        String address = context.previousAddresses().stream().filter(a -> a.indexOf(':') < 0).findFirst().orElse(null);
        if (address == null) {
            return Optional.of("forward: " + context.vm() + "'s address on " + context.previousNetwork()
                    + " is not known here; nothing forwarded");
        }
        String subnet = subnetOf(context.previousNetwork(), address);
        String id = "fwd-" + HexFormat.of().formatHex(randomBytes(6));
        Instant closes = Instant.now().plusSeconds(config.graceSeconds());
        PeerCredentials credentials = peers;
        TargetForwards other = new TargetForwards(target, credentials == null ? Optional.empty() : credentials.authorization(target));
        ForwardEnd end = new ForwardEnd(id, context.vm(), context.mac(), context.previousNetwork(), ForwardEnd.Role.SOURCE, address,
                subnet, closes, sw, config.bindAddress(), localAddressTowards(target.getHost()));
        try {
            Endpoint peer = other.open(new ForwardSpec(id, context.vm(), context.mac(), context.network(), address, subnet,
                    end.local(), config.graceSeconds() + TARGET_SLACK_SECONDS));
            end.connect(peer);
        } catch (RuntimeException e) {
            end.close();
            throw e;
        }
        synchronized (ends) {
            ends.put(id, end);
            targets.put(id, other);
        }
        LOG.info("Forward {}: {} on {} here to {} on {} at {}", id, address, context.previousNetwork(), context.vm(),
                context.network(), target);
        return Optional.of(String.format("forward %s: %s on %s here -> %s on %s at %s (subnet %s), until idle %d s or %d s at most",
                id, address, context.previousNetwork(), context.vm(), context.network(), target.getAuthority(), subnet,
                config.idleSeconds(), config.graceSeconds()));
    }

    @Override
    public void stayed(RebindContext context) {
        List<String> ids;
        synchronized (ends) {
            ids = ends.values().stream().filter(e -> e.role == ForwardEnd.Role.SOURCE && e.vm.equals(context.vm())
                    && e.mac.equalsIgnoreCase(context.mac())).map(e -> e.id).toList();
        }
        ids.forEach(this::closeQuietly);
    }

    @Override
    public String rebind(RebindContext context) {
        synchronized (ends) {
            for (ForwardEnd e : ends.values()) {
                if (e.role == ForwardEnd.Role.TARGET && e.vm.equals(context.vm()) && e.mac.equalsIgnoreCase(context.mac())) {
                    return "forward " + e.id + ": " + e.address + " still reaches " + context.vm() + " here on " + e.network
                            + " from the source host, until it closes the forward (by " + e.closes + " at the latest)";
                }
            }
        }
        return context.network().equals(context.previousNetwork()) ? "forward: " + context.vm() + " kept its network "
                + context.network() + "; nothing to forward"
                : "forward: nothing forwarded to " + context.vm() + " (the source opened no forward: it moved by restart, "
                        + "or lacks the strategy)";
    }

    @Override
    public ForwardInfo open(ForwardSpec spec) {
        if (spec == null || spec.id() == null || !ID.matcher(spec.id()).matches()) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "a forward's id is 1 to 64 letters, digits or '-'");
        }
        if (spec.peer() == null || !isAddressLiteral(spec.peer().host())) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "the forward's peer is an IP address and port");
        }
        if (spec.seconds() < 1 || spec.seconds() > 86_400) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "a forward stays 1 to 86400 seconds, got " + spec.seconds());
        }
        VmInfo vm = registry.vms().stream().filter(v -> v.spec().name().equals(spec.vm())).findFirst()
                .orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "no VM " + spec.vm() + " on this host"));
        boolean nicThere = vm.spec().nics().stream().anyMatch(n -> n.network().equals(spec.network())
                && n.mac().equalsIgnoreCase(String.valueOf(spec.mac())));
        if (!nicThere) {
            throw new PlatformException(ErrorCode.NOT_FOUND, "VM " + spec.vm() + " has no NIC " + spec.mac() + " on network "
                    + spec.network() + " here");
        }
        ForwardEnd end;
        try {
            end = new ForwardEnd(spec.id(), spec.vm(), spec.mac(), spec.network(), ForwardEnd.Role.TARGET, String.valueOf(spec.address()),
                    String.valueOf(spec.subnet()), Instant.now().plusSeconds(spec.seconds()), sw, config.bindAddress(),
                    localAddressTowards(spec.peer().host()));
        } catch (IllegalArgumentException e) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "forward " + spec.id() + ": " + e.getMessage(), e);
        }
        synchronized (ends) {
            if (ends.containsKey(spec.id())) {
                end.close();
                throw new PlatformException(ErrorCode.CONFLICT, "forward " + spec.id() + " exists already");
            }
            ends.put(spec.id(), end);
        }
        end.connect(spec.peer());
        LOG.info("Forward {}: {} reaches VM {} on {} from {}", spec.id(), spec.address(), spec.vm(), spec.network(), spec.peer());
        return end.info();
    }

    @Override
    public List<ForwardInfo> forwards() {
        synchronized (ends) {
            return ends.values().stream().map(ForwardEnd::info).toList();
        }
    }

    @Override
    public void close(String id) {
        ForwardEnd end;
        TargetForwards other;
        synchronized (ends) {
            end = ends.remove(id);
            other = targets.remove(id);
        }
        if (end == null) {
            throw new PlatformException(ErrorCode.NOT_FOUND, "no forward " + id + " on this host");
        }
        end.close();
        LOG.info("Forward {} of VM {} closed ({})", id, end.vm, end.info());
        if (other != null) {
            other.close(id);
        }
        if (end.role == ForwardEnd.Role.TARGET) {
            forget(end.vm);
        }
    }

    /** The guest's old address is not forwarded any more: it drops it (a default guest; others ignore the line). */
    private void forget(String vm) {
        try {
            registry.hypervisorOf(vm).type(vm, "mobi-forget");
        } catch (RuntimeException e) {
            LOG.debug("VM {} not told to forget its old address: {}", vm, e.getMessage());
        }
    }

    private void closeQuietly(String id) {
        try {
            close(id);
        } catch (RuntimeException e) {
            LOG.warn("Closing forward {}: {}", id, e.getMessage());
        }
    }

    /** Closes the forwards whose time is up: at most their grace, or, at the source, once idle. */
    private void expire() {
        long idle = TimeUnit.SECONDS.toNanos(config.idleSeconds());
        Instant now = Instant.now();
        List<String> due;
        synchronized (ends) {
            due = ends.values().stream().filter(e -> now.isAfter(e.closes)
                    || e.role == ForwardEnd.Role.SOURCE && e.idleNanos() > idle).map(e -> e.id).toList();
        }
        due.forEach(this::closeQuietly);
    }

    /** The subnet the old network serves, where this host knows it; else the address alone. */
    private String subnetOf(String network, String address) {
        NetworkServices s = networkServices;
        return Optional.ofNullable(s).flatMap(x -> x.services(network)).map(ServiceInfo::subnet).orElse(address + "/32");
    }

    /** This host's address on the route to {@code host}: what the other end sends to. */
    static String localAddressTowards(String host) {
        try (DatagramChannel probe = DatagramChannel.open()) {
            probe.connect(new InetSocketAddress(InetAddress.getByName(host), 9));
            return ((InetSocketAddress) probe.getLocalAddress()).getAddress().getHostAddress();
        } catch (UnknownHostException e) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "unknown host " + host, e);
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.FAILED, "no route to " + host + ": " + e.getMessage(), e);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static boolean isAddressLiteral(String host) {
        return host != null && (host.matches("\\d{1,3}(\\.\\d{1,3}){3}") || host.contains(":"));
    }
}
