package org.mobitopolo.shell.command;

import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.proxy.ProxyConfig;
import org.mobitopolo.api.proxy.ProxyLimits;

/** {@code mobi:proxy-start}: starts the web proxy, or restarts it with new settings. */
@Service
@Command(scope = "mobi", name = "proxy-start", description = "Starts the web proxy (or restarts it with new settings): "
        + "HTTP and CONNECT, access rules, users, cache")
public class ProxyStartCommand extends ProxyCommand {
    @Option(name = "-b", aliases = "--bind", description = "address to listen on")
    String bind = "127.0.0.1";

    @Option(name = "-p", aliases = "--port", description = "TCP port to listen on")
    int port = 3128;

    @Option(name = "-a", aliases = "--allow", multiValued = true, description = "client network allowed (CIDR); "
            + "none: everyone not denied")
    List<String> allow = List.of();

    @Option(name = "-d", aliases = "--deny", multiValued = true, description = "client network refused (CIDR)")
    List<String> deny = List.of();

    @Option(name = "-u", aliases = "--auth", description = "require a user (Proxy-Authorization: Basic); see mobi:proxy-users")
    boolean auth;

    @Option(name = "-c", aliases = "--cache", description = "memory cache size, e.g. 64M; 0 for none")
    String cache = "0";

    @Option(name = "--cache-disk", description = "disk cache size behind the memory cache, e.g. 1G")
    String cacheDisk = "0";

    @Option(name = "--connect-port", multiValued = true, description = "port CONNECT may reach (default 443 only)")
    List<Integer> connectPorts = List.of(443);

    @Option(name = "--per-client", description = "open connections per client address, 0 for no limit")
    int perClient = ProxyLimits.DEFAULT.connectionsPerClient();

    @Option(name = "--per-user", description = "open connections per user, 0 for no limit")
    int perUser = ProxyLimits.DEFAULT.connectionsPerUser();

    @Option(name = "--upstream-timeout", description = "ms to wait for an origin server before 502/504")
    long upstreamTimeout = ProxyLimits.DEFAULT.upstreamTimeoutMillis();

    @Option(name = "--header-timeout", description = "ms a client has to send its request headers before 408")
    long headerTimeout = ProxyLimits.DEFAULT.headerTimeoutMillis();

    @Override
    public Object execute() {
        ProxyConfig config = new ProxyConfig(bind, port, allow, deny, auth, bytes(cache), bytes(cacheDisk), connectPorts,
                new ProxyLimits(perClient, perUser, upstreamTimeout, headerTimeout));
        print(proxy().start(config));
        return null;
    }

    /** A size with binary suffixes as typed on the console: {@code 64M}, {@code 1g}, {@code 512k}, {@code 1000}. */
    static long bytes(String size) {
        String s = size.strip();
        int shift = switch (s.isEmpty() ? ' ' : Character.toUpperCase(s.charAt(s.length() - 1))) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            default -> 0;
        };
        try {
            double n = Double.parseDouble(shift == 0 ? s : s.substring(0, s.length() - 1));
            if (n < 0) {
                throw new NumberFormatException();
            }
            return (long) (n * (1L << shift));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a size is a number with an optional K, M or G, e.g. 64M; got " + size);
        }
    }
}
