package org.mobitopolo.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mobitopolo.api.security.Role;

class AccessRulesTest {
    private static Optional<Role> need(String method, String path) {
        return AccessRules.required(method, path);
    }

    @Test
    void loginAndHealthNeedNoSession() {
        assertEquals(Optional.empty(), need("POST", "sessions"));
        assertEquals(Optional.empty(), need("POST", "/sessions/"));
        assertEquals(Optional.empty(), need("GET", "health"));
        assertEquals(Optional.empty(), need("HEAD", "health"));
        assertEquals(Optional.of(Role.OPERATOR), need("POST", "health"));
    }

    @Test
    void readsNeedViewerAndWritesOperator() {
        assertEquals(Optional.of(Role.VIEWER), need("GET", "vms"));
        assertEquals(Optional.of(Role.VIEWER), need("HEAD", "vms/web1"));
        assertEquals(Optional.of(Role.VIEWER), need("GET", "openapi.json"));
        assertEquals(Optional.of(Role.VIEWER), need("GET", "proxy"));
        assertEquals(Optional.of(Role.OPERATOR), need("POST", "vms"));
        assertEquals(Optional.of(Role.OPERATOR), need("DELETE", "vms/web1"));
        assertEquals(Optional.of(Role.OPERATOR), need("PUT", "proxy"));
        assertEquals(Optional.of(Role.OPERATOR), need("POST", "migrations"));
        assertEquals(Optional.of(Role.OPERATOR), need("PATCH", "networks/lan"));
        assertEquals(Optional.of(Role.OPERATOR), need("POST", "no/such/path"));
        assertEquals(Optional.of(Role.VIEWER), need("GET", "images"));
        assertEquals(Optional.of(Role.OPERATOR), need("PUT", "images/disk.img"));
        assertEquals(Optional.of(Role.OPERATOR), need("DELETE", "images/disk.img"));
        assertEquals(Optional.of(Role.VIEWER), need("GET", "snapshots/web/export"));
        assertEquals(Optional.of(Role.VIEWER), need("GET", "snapshots/web/export/base"));
        assertEquals(Optional.of(Role.OPERATOR), need("POST", "snapshots/web/fetch"));
        assertEquals(Optional.of(Role.VIEWER), need("GET", "snapshot-transfers"));
        assertEquals(Optional.of(Role.OPERATOR), need("DELETE", "snapshot-transfers/web"));
    }

    @Test
    void featuresProxyUsersSessionsConfigAndTheAuditTrailAreForAdmins() {
        assertEquals(Optional.of(Role.ADMIN), need("GET", "features"));
        assertEquals(Optional.of(Role.ADMIN), need("PUT", "features/mobitopolo-proxy"));
        assertEquals(Optional.of(Role.ADMIN), need("GET", "proxy/users"));
        assertEquals(Optional.of(Role.ADMIN), need("PUT", "proxy/users/ann"));
        assertEquals(Optional.of(Role.ADMIN), need("GET", "sessions"));
        assertEquals(Optional.of(Role.ADMIN), need("GET", "dns/zones/site-a.mobi/key"));
        assertEquals(Optional.of(Role.VIEWER), need("GET", "dns/zones/site-a.mobi/records"));
        assertEquals(Optional.of(Role.ADMIN), need("DELETE", "sessions/0123abcd"));
        assertEquals(Optional.of(Role.ADMIN), need("GET", "config/org.mobitopolo.security"));
        assertEquals(Optional.of(Role.ADMIN), need("GET", "peers"));
        assertEquals(Optional.of(Role.ADMIN), need("POST", "peers/tokens"));
        assertEquals(Optional.of(Role.ADMIN), need("GET", "audit"));
        // a look-alike prefix is not the admin path
        assertEquals(Optional.of(Role.VIEWER), need("GET", "featuresx"));
        assertEquals(Optional.of(Role.VIEWER), need("GET", "proxy/usersx"));
    }

    @Test
    void onesOwnSessionNeedsAnyRole() {
        assertEquals(Optional.of(Role.VIEWER), need("GET", "sessions/current"));
        assertEquals(Optional.of(Role.VIEWER), need("DELETE", "sessions/current"));
    }

    @Test
    void extraSlashesDoNotEscapeTheRules() {
        assertEquals(Optional.of(Role.ADMIN), need("GET", "//features//"));
        assertEquals(Optional.of(Role.ADMIN), need("DELETE", "/proxy//users/ann"));
        assertEquals(Optional.of(Role.ADMIN), need("POST", "sessions//x"));
    }
}
