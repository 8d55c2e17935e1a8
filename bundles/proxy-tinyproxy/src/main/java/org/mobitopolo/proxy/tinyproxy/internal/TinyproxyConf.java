package org.mobitopolo.proxy.tinyproxy.internal;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import org.mobitopolo.api.proxy.ProxyConfig;

/** {@code tinyproxy.conf} (tinyproxy 1.11's syntax, see tinyproxy.conf(5)) for the platform's proxy settings. */
final class TinyproxyConf {
    /** The host name whose requests tinyproxy answers with its counters instead of forwarding. */
    static final String STAT_HOST = "mobitopolo.stats";
    /** tinyproxy has no per-client limit, only this total. */
    static final int MAX_CLIENTS = 1024;

    private TinyproxyConf() {}

    /** What tinyproxy cannot do, as the user's error; null when the settings fit. */
    static String unsupported(ProxyConfig config) {
        if (config.cacheBytes() > 0 || config.cacheDiskBytes() > 0) {
            return "tinyproxy does not cache: set cacheBytes and cacheDiskBytes to 0, or use the embedded proxy "
                    + "(feature:install mobitopolo-proxy)";
        }
        return null;
    }

    static String render(ProxyConfig config, Map<String, char[]> users, Path dir) {
        StringBuilder c = new StringBuilder("# Written by Mobitopolo for tinyproxy 1.11; rewritten on every change.\n");
        c.append("Port ").append(config.port()).append('\n');
        if (!config.bindAddress().equals("0.0.0.0") && !config.bindAddress().equals("::")) {
            c.append("Listen ").append(config.bindAddress()).append('\n');
        }
        // One Timeout for everything: idle clients and silent origins alike.
        long seconds = Math.max(1, Math.max(config.limits().upstreamTimeoutMillis(), config.limits().headerTimeoutMillis())
                / 1000);
        c.append("Timeout ").append(seconds).append('\n');
        c.append("MaxClients ").append(MAX_CLIENTS).append('\n');
        c.append("LogFile \"").append(dir.resolve("tinyproxy.log")).append("\"\n");
        c.append("LogLevel Info\n");
        c.append("StatHost \"").append(STAT_HOST).append("\"\n");
        c.append("StatFile \"").append(dir.resolve("stats.txt")).append("\"\n");
        // tinyproxy takes the first rule that matches and denies when none does: denials first, then the allowed.
        config.deny().forEach(n -> c.append("Deny ").append(n).append('\n'));
        config.allow().forEach(n -> c.append("Allow ").append(n).append('\n'));
        if (config.allow().isEmpty() && !config.deny().isEmpty()) {
            c.append("Allow 0.0.0.0/0\nAllow ::/0\n");
        }
        config.connectPorts().forEach(p -> c.append("ConnectPort ").append(p).append('\n'));
        if (config.requireAuth()) {
            if (users.isEmpty()) {
                // tinyproxy lets everyone in when it has no BasicAuth line; a user nobody knows keeps the door shut.
                byte[] secret = new byte[24];
                new SecureRandom().nextBytes(secret);
                c.append("BasicAuth nobody-").append(HexFormat.of().formatHex(secret, 0, 4)).append(' ')
                        .append(HexFormat.of().formatHex(secret)).append('\n');
            }
            users.forEach((name, password) -> c.append("BasicAuth ").append(name).append(' ').append(password).append('\n'));
        }
        return c.toString();
    }

    /** The template tinyproxy fills in for {@link #STAT_HOST}: one counter a line. */
    static String statsTemplate() {
        return "opens={opens}\nreqs={reqs}\nbadconns={badconns}\ndeniedconns={deniedconns}\nrefusedconns={refusedconns}\n";
    }
}
