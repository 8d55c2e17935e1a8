package org.mobitopolo.host.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.mobitopolo.api.host.DefaultRoute;
import org.mobitopolo.api.host.HostFacts;
import org.mobitopolo.api.host.HostInfo;
import org.mobitopolo.api.host.HypervisorSupport;
import org.mobitopolo.api.host.NetInterface;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.platform.PluginCatalog;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Host facts read from Linux: {@code /proc/net/route} for the default route, {@code /sys/class/net}
 * for interfaces, {@code /proc/meminfo} for memory, and the hypervisor binaries themselves.
 *
 * <p>Public only because Felix SCR instantiates components through public constructors; the
 * package is not exported.
 */
@Component(property = PluginCatalog.PLUGIN_NAME + "=linux", configurationPid = "org.mobitopolo.host")
@Designate(ocd = LinuxHostFacts.Config.class)
public final class LinuxHostFacts implements HostFacts {
    private static final Logger LOG = LoggerFactory.getLogger(LinuxHostFacts.class);

    @ObjectClassDefinition(name = "Mobitopolo host facts")
    public @interface Config {
        @AttributeDefinition(description = "User-Mode Linux kernel binary")
        String umlBinary() default "/usr/bin/linux";

        @AttributeDefinition(description = "QEMU system emulator: a path, or a name looked up on PATH")
        String qemuBinary() default "qemu-system-x86_64";
    }

    private static final Path PROC = Path.of("/proc");
    private static final Path SYS_NET = Path.of("/sys/class/net");

    private final Config config;
    private final ProgramVersions versions = new ProgramVersions();

    @Activate
    public LinuxHostFacts(Config config) {
        this.config = config;
        LOG.info("Host facts from Linux; UML binary {}, QEMU binary {}", config.umlBinary(), config.qemuBinary());
    }

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
            return new HostInfo(
                    Files.readString(PROC.resolve("sys/kernel/hostname")).strip(),
                    System.getProperty("os.name") + " " + System.getProperty("os.version"),
                    Runtime.getRuntime().availableProcessors(),
                    mem.totalBytes(),
                    mem.availableBytes(),
                    route,
                    interfaces,
                    List.of(hypervisor("uml", config.umlBinary()), hypervisor("qemu", config.qemuBinary())));
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

    private HypervisorSupport hypervisor(String type, String binary) {
        Optional<Path> path = resolve(binary);
        if (path.isEmpty()) {
            return new HypervisorSupport(type, binary, false, binary + " not found (run scripts/setup.sh)");
        }
        String version = versions.versionOf(path.get()).orElse("version unknown");
        return new HypervisorSupport(type, path.get().toString(), true, version);
    }

    /** A path as given, or a bare name looked up on PATH; only executable files count. */
    static Optional<Path> resolve(String binary) {
        Stream<Path> candidates = binary.contains("/")
                ? Stream.of(Path.of(binary))
                : Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                        .filter(dir -> !dir.isEmpty())
                        .map(dir -> Path.of(dir, binary));
        return candidates.filter(LinuxHostFacts::isExecutableFile).findFirst();
    }

    /** By the mode bits: {@link Files#isExecutable} says yes to any file when running as root. */
    private static boolean isExecutableFile(Path p) {
        try {
            return Files.isRegularFile(p) && Files.getPosixFilePermissions(p).stream()
                    .anyMatch(perm -> perm.name().endsWith("_EXECUTE"));
        } catch (IOException e) {
            return false;
        }
    }

    private static String readOr(Path file, String fallback) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return fallback;
        }
    }
}
