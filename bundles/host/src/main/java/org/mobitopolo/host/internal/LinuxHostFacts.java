package org.mobitopolo.host.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.mobitopolo.api.host.DefaultRoute;
import org.mobitopolo.api.host.HostFacts;
import org.mobitopolo.api.host.HostInfo;
import org.mobitopolo.api.host.HypervisorSupport;
import org.mobitopolo.api.host.NetInterface;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.platform.PluginCatalog;
import org.mobitopolo.api.vm.Hypervisor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Host facts read from Linux: {@code /proc/net/route} for the default route, {@code /sys/class/net}
 * for interfaces, {@code /proc/meminfo} for memory; and from each active hypervisor plugin, what its
 * probe found (a plugin that is not installed is named with the feature that brings it).
 *
 * <p>Public only because Felix SCR instantiates components through public constructors; the
 * package is not exported.
 */
@Component(property = PluginCatalog.PLUGIN_NAME + "=linux")
public final class LinuxHostFacts implements HostFacts {
    private static final Path PROC = Path.of("/proc");
    private static final Path SYS_NET = Path.of("/sys/class/net");
    /** The kinds Mobitopolo ships, and the features that bring them. */
    private static final Map<String, String> SHIPPED = Map.of("uml", "mobitopolo-hypervisor-uml",
            "qemu", "mobitopolo-hypervisor-qemu");

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private final List<Hypervisor> hypervisors = new CopyOnWriteArrayList<>();

    /** CPU times as read at some moment. */
    private record CpuSample(CpuTimes times, long nanos) {}

    /**
     * The CPU times of a read at least a second old (boot at first): the busy share is the one since
     * then, so that reads close together (several clients) still see a second's worth.
     */
    private final AtomicReference<CpuSample> lastCpu = new AtomicReference<>(new CpuSample(CpuTimes.BOOT, Long.MIN_VALUE / 2));

    @Override
    public HostInfo read() {
        try {
            List<NetInterface> interfaces = interfaces();
            DefaultRoute route = RouteTable.defaultRoute(Files.readString(PROC.resolve("net/route")))
                    .flatMap(r -> interfaces.stream()
                            .filter(i -> i.name().equals(r.interfaceName()))
                            .findFirst()
                            .map(i -> new DefaultRoute(r.gateway(), i.name(), i.mtu(), i.addresses())))
                    .orElse(null);
            MemInfo mem = MemInfo.parse(Files.readString(PROC.resolve("meminfo")));
            CpuTimes cpu = CpuTimes.parse(Files.readString(PROC.resolve("stat")));
            CpuSample since = lastCpu.get();
            double busy = cpu.busyPercentSince(since.times());
            long now = System.nanoTime();
            if (now - since.nanos() >= 1_000_000_000L) {
                lastCpu.compareAndSet(since, new CpuSample(cpu, now));
            }
            return new HostInfo(
                    Files.readString(PROC.resolve("sys/kernel/hostname")).strip(),
                    System.getProperty("os.name") + " " + System.getProperty("os.version"),
                    Runtime.getRuntime().availableProcessors(),
                    mem.totalBytes(),
                    mem.availableBytes(),
                    route,
                    interfaces,
                    hypervisors(),
                    busy,
                    CpuTimes.loadAverage(Files.readString(PROC.resolve("loadavg"))));
        } catch (IOException | UncheckedIOException e) {
            throw new PlatformException(ErrorCode.FAILED, "cannot read host facts: " + e.getMessage(), e);
        }
    }

    private static List<NetInterface> interfaces() throws IOException {
        List<NetInterface> result = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(SYS_NET)) {
            for (Path dir : dirs.sorted().toList()) {
                String name = dir.getFileName().toString();
                int flags = Integer.decode(Files.readString(dir.resolve("flags")).strip());
                result.add(new NetInterface(name,
                        Integer.parseInt(Files.readString(dir.resolve("mtu")).strip()),
                        readOr(dir.resolve("address"), ""),
                        (flags & 0x1) != 0, // IFF_UP
                        addresses(name)));
            }
        }
        return result;
    }

    private static List<String> addresses(String interfaceName) throws SocketException {
        NetworkInterface nif = NetworkInterface.getByName(interfaceName);
        if (nif == null) {
            return List.of();
        }
        return nif.getInterfaceAddresses().stream()
                .map(a -> Addresses.cidr(a.getAddress(), a.getNetworkPrefixLength()))
                .toList();
    }

    /** What each active plugin's probe found, and for a shipped kind without one, which feature brings it. */
    private List<HypervisorSupport> hypervisors() {
        Map<String, HypervisorSupport> byType = new TreeMap<>();
        SHIPPED.forEach((type, feature) -> byType.put(type, new HypervisorSupport(type, "", "", false,
                "no " + type + " plugin is active; install one with feature:install " + feature)));
        for (Hypervisor h : hypervisors) {
            byType.put(h.type(), h.support());
        }
        return List.copyOf(byType.values());
    }

    private static String readOr(Path file, String fallback) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return fallback;
        }
    }
}
