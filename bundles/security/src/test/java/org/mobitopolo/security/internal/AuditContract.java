package org.mobitopolo.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.security.AuditEntry;
import org.mobitopolo.api.security.AuditQuery;
import org.mobitopolo.api.store.Store;

/**
 * The audit trail on a real store; each database runs it through a subclass that says how to open a
 * store ("a runtime") on one shared database, and one that cannot be reached.
 */
abstract class AuditContract {
    static final Instant T0 = Instant.parse("2025-01-01T08:00:00Z");

    @TempDir
    Path dir;

    final TestClock clock = new TestClock(T0);

    /** A store on this test's database, as another runtime each time it is called with another name. */
    abstract Store store(String instance) throws Exception;

    /** A store whose database cannot be reached. */
    abstract Store unreachableStore() throws Exception;

    StoredAudit audit(String instance) throws Exception {
        return new StoredAudit(store(instance), clock);
    }

    static AuditEntry entry(Instant at, String user, String action, int status) {
        return new AuditEntry(0, at, user, "operator", "10.0.0.1", action, status, status < 400 ? "" : "refused");
    }

    @Test
    void entriesAreListedNewestFirstByLimitUserAndTime() throws Exception {
        StoredAudit a = audit("a");
        a.record(entry(T0, "oli", "POST /api/v1/vms", 201));
        a.record(new AuditEntry(0, T0.plusSeconds(1), "vic", "viewer", "10.0.0.2", "POST /api/v1/networks", 403,
                "user 'vic' (viewer) may not POST /api/v1/networks; that needs the role operator"));
        a.record(entry(T0.plusSeconds(2), "oli", "DELETE /api/v1/vms/web1", 204));
        a.record(entry(T0.plusSeconds(2), "oli", "POST /api/v1/vms/web2/start", 202)); // same millisecond: recorded later, listed first

        List<AuditEntry> all = a.list(new AuditQuery(10, null, null));
        assertEquals(List.of("POST /api/v1/vms/web2/start", "DELETE /api/v1/vms/web1", "POST /api/v1/networks", "POST /api/v1/vms"),
                all.stream().map(AuditEntry::action).toList());
        AuditEntry vic = all.get(2);
        assertEquals(new AuditEntry(vic.id(), T0.plusSeconds(1), "vic", "viewer", "10.0.0.2", "POST /api/v1/networks", 403,
                "user 'vic' (viewer) may not POST /api/v1/networks; that needs the role operator"), vic);
        assertTrue(all.get(0).id() > all.get(1).id() && all.get(1).id() > vic.id() && vic.id() > 0, all.toString());

        assertEquals(2, a.list(new AuditQuery(2, null, null)).size());
        assertEquals(List.of(204, 201), a.list(new AuditQuery(10, "oli", T0.minusSeconds(5))).stream().skip(1)
                .map(AuditEntry::status).toList());
        assertEquals(List.of("vic"), a.list(new AuditQuery(10, "vic", null)).stream().map(AuditEntry::user).toList());
        assertEquals(3, a.list(new AuditQuery(10, null, T0.plusSeconds(1))).size(), "since is inclusive");
        assertEquals(List.of(), a.list(new AuditQuery(10, "nobody", null)));
    }

    @Test
    void everyRuntimeOnTheDatabaseSeesEveryRuntimesEntries() throws Exception {
        StoredAudit a = audit("a");
        StoredAudit b = audit("b");
        a.record(entry(T0, "oli", "POST /api/v1/networks", 201));
        b.record(entry(T0.plusMillis(1), "ann", "PUT /api/v1/features/mobitopolo-proxy", 200));
        assertEquals(List.of("ann", "oli"), a.list(new AuditQuery(10, null, null)).stream().map(AuditEntry::user).toList());
        assertEquals(a.list(new AuditQuery(10, null, null)), b.list(new AuditQuery(10, null, null)));
    }

    @Test
    void entriesOlderThanTheRetentionAreDeleted() throws Exception {
        StoredAudit a = audit("a");
        Instant now = clock.instant();
        a.record(entry(now.minus(Duration.ofDays(91)), "oli", "POST /api/v1/vms", 201));
        a.record(entry(now.minus(Duration.ofDays(90)).minusMillis(1), "oli", "POST /api/v1/vms", 201));
        a.record(entry(now.minus(Duration.ofDays(90)), "oli", "POST /api/v1/vms", 202));
        a.record(entry(now, "oli", "POST /api/v1/vms", 204));
        assertEquals(2, a.purge(90));
        assertEquals(List.of(204, 202), a.list(new AuditQuery(10, null, null)).stream().map(AuditEntry::status).toList());
        clock.advance(Duration.ofDays(1));
        assertEquals(1, a.purge(1));
        assertEquals(List.of(204), a.list(new AuditQuery(10, null, null)).stream().map(AuditEntry::status).toList());
        assertEquals(0, a.purge(1));
        assertEquals(0, a.unstored());
    }

    @Test
    void longFieldsAreCutAndControlCharactersCannotForgeLogLines() throws Exception {
        StoredAudit a = audit("a");
        String forged = "POST /api/v1/vms/x\n2025-01-01 INFO org.mobitopolo.audit - 201 POST /api/v1/features by ann (admin)";
        a.record(new AuditEntry(0, T0, "u".repeat(300), "operator", "10.0.0.1", forged + "/" + "p".repeat(2000), 404,
                "d\r\n".repeat(600)));
        AuditEntry stored = a.list(new AuditQuery(1, null, null)).get(0);
        assertEquals(AuditTable.MAX_USER, stored.user().length());
        assertTrue(stored.user().endsWith("u…"), stored.user());
        assertEquals(AuditTable.MAX_ACTION, stored.action().length());
        assertTrue(stored.action().startsWith("POST /api/v1/vms/x?2025-01-01 INFO"), stored.action());
        assertEquals(AuditTable.MAX_DETAIL, stored.detail().length());
        assertTrue(stored.detail().startsWith("d??d??"), stored.detail());
        // a character outside the BMP is never cut in half
        a.record(new AuditEntry(0, T0, "x" + "\uD83D\uDE00".repeat(200), "-", "h", "POST /x", 400, ""));
        String user = a.list(new AuditQuery(1, null, null)).get(0).user();
        assertEquals(AuditTable.MAX_USER - 1, user.length());
        assertTrue(user.endsWith("\uD83D\uDE00…"), user);
    }

    @Test
    void refusalsAreLoggedAsWarningsAndTheRestAsInformation() throws Exception {
        StoredAudit a = audit("a");
        String log = capturedErr(() -> {
            a.record(new AuditEntry(0, T0, "oli", "operator", "10.0.0.1", "POST /api/v1/networks", 201, ""));
            a.record(new AuditEntry(0, T0, "vic", "viewer", "10.0.0.2", "POST /api/v1/networks", 403,
                    "user 'vic' (viewer) may not POST /api/v1/networks; that needs the role operator"));
            a.record(new AuditEntry(0, T0, "-", "-", "10.0.0.3", "DELETE /api/v1/vms/x", 401, "this request needs a session"));
            a.record(new AuditEntry(0, T0, "unknown", "-", "10.0.0.4", "POST /api/v1/sessions", 429, "too many failed logins"));
            a.record(new AuditEntry(0, T0, "oli", "operator", "10.0.0.1", "POST /api/v1/vms", 400, "give a name"));
        });
        assertTrue(log.contains("INFO " + StoredAudit.LOGGER + " - 201 POST /api/v1/networks by oli (operator) from 10.0.0.1\n"), log);
        assertTrue(log.contains("WARN " + StoredAudit.LOGGER + " - 403 POST /api/v1/networks by vic (viewer) from 10.0.0.2: "
                + "user 'vic' (viewer) may not POST /api/v1/networks; that needs the role operator\n"), log);
        assertTrue(log.contains("WARN " + StoredAudit.LOGGER + " - 401 DELETE /api/v1/vms/x without a session from 10.0.0.3: "
                + "this request needs a session\n"), log);
        assertTrue(log.contains("WARN " + StoredAudit.LOGGER + " - 429 POST /api/v1/sessions by unknown from 10.0.0.4: "
                + "too many failed logins\n"), log);
        assertTrue(log.contains("INFO " + StoredAudit.LOGGER + " - 400 POST /api/v1/vms by oli (operator) from 10.0.0.1: give a name\n"), log);
    }

    @Test
    void aStoreThatCannotBeReachedNeitherFailsTheCallerNorLosesTheLogLine() throws Exception {
        StoredAudit down = new StoredAudit(unreachableStore(), clock);
        String log = capturedErr(() -> {
            down.record(entry(T0, "oli", "POST /api/v1/vms", 201));
            down.record(entry(T0, "oli", "POST /api/v1/vms/web1/start", 202));
        });
        assertEquals(2, down.unstored());
        assertTrue(log.contains("INFO " + StoredAudit.LOGGER + " - 202 POST /api/v1/vms/web1/start by oli (operator) from 10.0.0.1"), log);
        assertEquals(1, log.lines().filter(l -> l.contains("Audit entries are not stored")).count(), "one line, not one per entry: " + log);
        PlatformException e = assertThrows(PlatformException.class, () -> down.list(new AuditQuery(10, null, null)));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
    }

    @Test
    void sessionsAndTheAuditTrailShareTheModulesSchema() throws Exception {
        Store store = store("a");
        StoredSessions sessions = new StoredSessions(store, new JaasPasswords("karaf", Realm.of(dir, Realm.USERS)),
                SessionsContract.LIFETIMES, clock);
        String user = sessions.login("oli", "oli-pw", "h").session().user();
        StoredAudit a = new StoredAudit(store, clock);
        a.record(entry(T0, user, "POST /api/v1/sessions", 201));
        assertEquals(1, a.list(new AuditQuery(1, "oli", null)).size());
        assertEquals(List.of("V1__sessions.sql", "V2__audit.sql", "V3__peers.sql"), store.info().modules().stream()
                .filter(m -> m.module().equals(StoredSessions.MODULE)).flatMap(m -> m.migrations().stream())
                .map(m -> m.script()).toList());
    }

    /** What a task wrote on System.err, where slf4j-simple writes (it looks System.err up at each line). */
    static String capturedErr(Runnable task) {
        PrintStream before = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            task.run();
        } finally {
            System.setErr(before);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        before.print(text);
        return text;
    }
}
