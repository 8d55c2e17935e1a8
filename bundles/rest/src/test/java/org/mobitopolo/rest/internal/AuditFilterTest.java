package org.mobitopolo.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.security.AuditEntry;
import org.mobitopolo.api.security.AuditQuery;
import org.mobitopolo.api.security.Role;
import org.mobitopolo.api.security.Session;

/** What the audit filter records of a call, and what GET /audit makes of its parameters. */
class AuditFilterTest {
    static final Instant AT = Instant.parse("2025-01-01T08:00:00Z");

    static SessionPrincipal caller(String user, Role role) {
        return new SessionPrincipal(new Session("s1", user, role, "10.0.0.1", AT, AT, AT.plusSeconds(1800), AT.plusSeconds(43200)));
    }

    @Test
    void aWriteInASessionNamesItsUserAndRole() {
        AuditEntry e = AuditFilter.entry("POST", "vms", caller("oli", Role.OPERATOR), "10.0.0.1", 201, null, AT);
        assertEquals(new AuditEntry(0, AT, "oli", "operator", "10.0.0.1", "POST /api/v1/vms", 201, ""), e);
        // the path as the rules read it: extra slashes do not make another action
        assertEquals("DELETE /api/v1/vms/web1", AuditFilter.entry("DELETE", "//vms//web1/", null, "h", 204, null, AT).action());
    }

    @Test
    void aRefusalKeepsTheProblemsDetail() {
        Problem forbidden = new Problem("about:blank", "Forbidden", 403,
                "user 'vic' (viewer) may not POST /api/v1/networks; that needs the role operator", "/api/v1/networks");
        AuditEntry e = AuditFilter.entry("POST", "networks", caller("vic", Role.VIEWER), "10.0.0.2", 403, forbidden, AT);
        assertEquals("vic", e.user());
        assertEquals("viewer", e.role());
        assertEquals(forbidden.detail(), e.detail());

        AuditEntry anonymous = AuditFilter.entry("POST", "networks", null, null, 401,
                new Problem("about:blank", "Unauthorized", 401, "this request needs a session", "/api/v1/networks"), AT);
        assertEquals(new AuditEntry(0, AT, "-", "-", "-", "POST /api/v1/networks", 401, "this request needs a session"), anonymous);
    }

    @Test
    void aLoginNamesTheUserItLoggedInAndNeverItsToken() {
        var session = new Session("s2", "ann", Role.ADMIN, "10.0.0.3", AT, AT, AT.plusSeconds(1800), AT.plusSeconds(43200));
        var login = new SessionResource.LoginDto("t".repeat(43), SessionResource.SessionDto.of(session));
        AuditEntry ok = AuditFilter.entry("POST", "sessions", null, "10.0.0.3", 201, login, AT);
        assertEquals(new AuditEntry(0, AT, "ann", "admin", "10.0.0.3", "POST /api/v1/sessions", 201, ""), ok);
        assertFalse(ok.toString().contains("ttt"), ok.toString());

        AuditEntry wrong = AuditFilter.entry("POST", "/sessions", null, "10.0.0.3", 401,
                new Problem("about:blank", "Unauthorized", 401, "wrong user or password", "/api/v1/sessions"), AT);
        assertEquals(new AuditEntry(0, AT, "unknown", "-", "10.0.0.3", "POST /api/v1/sessions", 401, "wrong user or password"), wrong);
        // logging out is not logging in: it names the session's user
        assertEquals("ann", AuditFilter.entry("DELETE", "sessions/current", new SessionPrincipal(session), "h", 204, null, AT).user());
    }

    @Test
    void aMalformedBodyIsNeverQuotedInTheTrail() {
        JsonProcessingException parse = assertThrows(JsonProcessingException.class,
                () -> new ObjectMapper().readValue("{\"user\": \"ann\", \"password\": hunter2-secret}", Map.class));
        Problem p = Problems.of(parse, "/api/v1/sessions");
        assertTrue(p.detail().contains("hunter2"), "the caller is told: " + p.detail());
        AuditEntry e = AuditFilter.entry("POST", "sessions", null, "h", 400, p, AT);
        assertTrue(e.detail().matches("malformed JSON body at line 1, column \\d+"), e.detail());
        assertEquals("unknown", e.user());
    }

    @Test
    void theAuditQueryTakesLimitUserAndSince() {
        assertEquals(new AuditQuery(100, null, null), AuditResource.query(null, null, null));
        assertEquals(new AuditQuery(100, null, null), AuditResource.query("", "", ""));
        assertEquals(new AuditQuery(1000, "oli", AT), AuditResource.query("1000", "oli", "2025-01-01T08:00:00Z"));
        assertEquals(new AuditQuery(5, null, AT), AuditResource.query("5", null, String.valueOf(AT.toEpochMilli())));
        assertNull(AuditResource.query("1", null, null).since());
    }

    @Test
    void badAuditParametersAreBadRequestsSayingWhich() {
        for (String limit : new String[] {"0", "1001", "-1", "ten", "1e3"}) {
            PlatformException e = assertThrows(PlatformException.class, () -> AuditResource.query(limit, null, null), limit);
            assertEquals(ErrorCode.BAD_REQUEST, e.code());
            assertEquals("limit must be a whole number from 1 to 1000, not '" + limit + "'", e.getMessage());
        }
        PlatformException since = assertThrows(PlatformException.class, () -> AuditResource.query("10", null, "yesterday"));
        assertEquals(ErrorCode.BAD_REQUEST, since.code());
        assertEquals("since must be epoch milliseconds or an ISO-8601 instant such as 2025-01-01T08:00:00Z, not 'yesterday'",
                since.getMessage());
        assertEquals(400, Problems.of(since, "/api/v1/audit").status());
    }
}
