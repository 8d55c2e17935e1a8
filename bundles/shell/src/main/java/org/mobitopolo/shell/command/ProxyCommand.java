package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.proxy.ProxyStatus;
import org.mobitopolo.api.proxy.WebProxy;

/** Base of the {@code mobi:proxy-*} commands: the active web proxy, and how its state reads. */
abstract class ProxyCommand implements Action {
    @Reference(optional = true)
    WebProxy proxy;

    WebProxy proxy() {
        return PlatformException.requirePlugin(proxy, "web proxy", "mobitopolo-proxy");
    }

    static void print(ProxyStatus s) {
        String where = s.config() == null ? "" : " on " + s.config().bindAddress() + ":" + s.port();
        System.out.printf("%s proxy %s%s%n", s.implementation(), s.running() ? "running" : "stopped", where);
        if (s.config() != null) {
            var c = s.config();
            System.out.printf("  allow %s, deny %s, auth %s, CONNECT to %s%n", c.allow().isEmpty() ? "all" : c.allow(),
                    c.deny().isEmpty() ? "none" : c.deny(), c.requireAuth() ? "required" : "off", c.connectPorts());
            System.out.printf("  cache %s memory + %s disk; limits %s/client, %s/user, upstream %d ms, headers %d ms%n",
                    Units.bytes(c.cacheBytes()), Units.bytes(c.cacheDiskBytes()), limit(c.limits().connectionsPerClient()),
                    limit(c.limits().connectionsPerUser()), c.limits().upstreamTimeoutMillis(),
                    c.limits().headerTimeoutMillis());
        }
        System.out.printf("  %d requests, %d open connections, %d denied, %d bad requests, %d upstream failures%n",
                s.requests(), s.activeConnections(), s.denied(), s.badRequests(), s.upstreamFailures());
        long lookups = s.cacheHits() + s.cacheMisses();
        System.out.printf("  cache: %d hits, %d misses (%s hit rate), %s stored%n", s.cacheHits(), s.cacheMisses(),
                lookups == 0 ? "-" : Math.round(100.0 * s.cacheHits() / lookups) + "%", Units.bytes(s.cachedBytes()));
    }

    private static String limit(int n) {
        return n == 0 ? "unlimited" : Integer.toString(n);
    }
}
