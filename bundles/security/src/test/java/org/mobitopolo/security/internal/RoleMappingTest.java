package org.mobitopolo.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mobitopolo.api.security.Role;

class RoleMappingTest {
    @Test
    void theHighestPlatformRoleAmongTheJaasRolesWins() {
        assertEquals(Optional.of(Role.ADMIN), RoleMapping.of(List.of("viewer", "admin", "manager")));
        assertEquals(Optional.of(Role.ADMIN), RoleMapping.of(List.of("admin", "operator")));
        assertEquals(Optional.of(Role.OPERATOR), RoleMapping.of(List.of("viewer", "operator")));
        assertEquals(Optional.of(Role.VIEWER), RoleMapping.of(List.of("ssh", "viewer")));
    }

    @Test
    void otherJaasRolesGiveNone() {
        assertEquals(Optional.empty(), RoleMapping.of(List.of("manager", "ssh", "systembundles", "group", "Admin")));
        assertEquals(Optional.empty(), RoleMapping.of(List.of()));
    }

    @Test
    void rolesIncludeTheLowerOnes() {
        assertEquals(true, Role.ADMIN.includes(Role.OPERATOR));
        assertEquals(true, Role.OPERATOR.includes(Role.VIEWER));
        assertEquals(true, Role.VIEWER.includes(Role.VIEWER));
        assertEquals(false, Role.VIEWER.includes(Role.OPERATOR));
        assertEquals(false, Role.OPERATOR.includes(Role.ADMIN));
    }
}
