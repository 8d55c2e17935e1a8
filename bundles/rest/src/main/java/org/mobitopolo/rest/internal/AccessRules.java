package org.mobitopolo.rest.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.mobitopolo.api.security.Role;

/**
 * Which role a request needs, by its method and its path under {@code /api/v1}: logging in
 * ({@code POST /sessions}) and {@code GET /health} need none; one's own session
 * ({@code /sessions/current}) needs any role; the rest of {@code /sessions}, {@code /peers},
 * {@code /features}, {@code /proxy/users}, {@code /config}, {@code /audit} and a DNS zone's update key
 * ({@code /dns/zones/ZONE/key}) need admin; other reads
 * (GET, HEAD, OPTIONS) need viewer, other writes operator.
 */
final class AccessRules {
    private static final List<String> ADMIN_ONLY = List.of("sessions", "peers", "features", "proxy/users", "config", "audit");

    private AccessRules() {}

    /** The role needed; empty when the request needs no session at all. */
    static Optional<Role> required(String method, String path) {
        String p = normalize(path);
        boolean read = isRead(method);
        if ((p.equals("sessions") && method.equals("POST")) || (p.equals("health") && read)) {
            return Optional.empty();
        }
        if (p.equals("sessions/current")) {
            return Optional.of(Role.VIEWER);
        }
        if (p.startsWith("dns/zones/") && p.endsWith("/key")) {
            return Optional.of(Role.ADMIN); // the secret that signs a zone's updates
        }
        for (String prefix : ADMIN_ONLY) {
            if (p.equals(prefix) || p.startsWith(prefix + "/")) {
                return Optional.of(Role.ADMIN);
            }
        }
        return Optional.of(read ? Role.VIEWER : Role.OPERATOR);
    }

    /** Whether a method only reads: all others change state (and, with the cookie, need the CSRF header). */
    static boolean isRead(String method) {
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    }

    /** The path's segments joined by single slashes, without leading or trailing ones: as the resources match it. */
    static String normalize(String path) {
        return String.join("/", Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList());
    }
}
