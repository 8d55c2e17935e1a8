package org.mobitopolo.security.internal;

import java.util.Collection;
import java.util.Optional;
import org.mobitopolo.api.security.Role;

/**
 * The platform role of a JAAS user: the highest its JAAS roles name. Karaf's {@code admin} role (the
 * one its console's administrators hold) is the platform's admin; JAAS roles named {@code operator}
 * and {@code viewer} are those. Other JAAS roles (Karaf's {@code manager}, {@code ssh}, …) give none.
 */
final class RoleMapping {
    private RoleMapping() {}

    static Optional<Role> of(Collection<String> jaasRoles) {
        Role best = null;
        for (String r : jaasRoles) {
            Role role = switch (r) {
                case "admin" -> Role.ADMIN;
                case "operator" -> Role.OPERATOR;
                case "viewer" -> Role.VIEWER;
                default -> null;
            };
            if (role != null && (best == null || role.includes(best))) {
                best = role;
            }
        }
        return Optional.ofNullable(best);
    }
}
