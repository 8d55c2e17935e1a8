package org.mobitopolo.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.security.auth.login.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.security.Login;
import org.mobitopolo.api.security.LoginThrottledException;
import org.mobitopolo.api.security.Role;
import org.mobitopolo.api.security.Session;
import org.mobitopolo.api.store.Store;

/**
 * The sessions on a real store and Karaf's real properties login module; each database runs it
 * through a subclass that says how to open a store ("a runtime") on one shared database.
 */
abstract class SessionsContract {
    static final Lifetimes LIFETIMES = new Lifetimes(Duration.ofMinutes(30), Duration.ofHours(12));

    @TempDir
    Path dir;

    final TestClock clock = new TestClock(Instant.parse("2025-01-01T08:00:00Z"));
    Configuration realm;

    /** A store on this test's database, as another runtime each time it is called with another name. */
    abstract Store store(String instance) throws Exception;

    @BeforeEach
    void realm() throws Exception {
        realm = Realm.of(dir, Realm.USERS);
    }

    StoredSessions sessions(String instance, Clock clock) throws Exception {
        return new StoredSessions(store(instance), new JaasPasswords("karaf", realm), LIFETIMES, clock);
    }

    @Test
    void loginMapsJaasRolesAndTheTokenOpensTheSession() throws Exception {
        StoredSessions s = sessions("a", clock);
        Login ann = s.login("ann", "ann-pw", "10.0.0.1");
        assertEquals(Role.ADMIN, ann.session().role());
        assertEquals("10.0.0.1", ann.session().clientAddress());
        assertEquals(clock.instant().plus(Duration.ofHours(12)), ann.session().expires());
        assertEquals(clock.instant().plus(Duration.ofMinutes(30)), ann.session().idleExpires());
        assertEquals(Role.OPERATOR, s.login("oli", "oli-pw", "h").session().role());
        assertEquals(Role.VIEWER, s.login("vic", "vic-pw", "h").session().role());
        // roles of a JAAS group count
        assertEquals(Role.ADMIN, s.login("bob", "bob-pw", "h").session().role());
        assertEquals(ann.session().id(), s.authenticate(ann.token()).orElseThrow().id());
        assertEquals(Optional.empty(), s.authenticate(Tokens.newToken()));
        assertEquals(Optional.empty(), s.authenticate("not a token"));
    }

    @Test
    void wrongPasswordsUnknownUsersAndUsersWithoutARoleAreRefused() throws Exception {
        StoredSessions s = sessions("a", clock);
        assertEquals(ErrorCode.UNAUTHORIZED, assertThrows(PlatformException.class, () -> s.login("ann", "nope", "h")).code());
        assertEquals(ErrorCode.UNAUTHORIZED, assertThrows(PlatformException.class, () -> s.login("nobody", "x", "h")).code());
        PlatformException sam = assertThrows(PlatformException.class, () -> s.login("sam", "sam-pw", "h"));
        assertEquals(ErrorCode.FORBIDDEN, sam.code());
        assertTrue(sam.getMessage().contains("viewer, operator or admin"), sam.getMessage());
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(PlatformException.class, () -> s.login("", "x", "h")).code());
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(PlatformException.class, () -> s.login("ann", null, "h")).code());
        assertEquals(List.of(), s.list());
    }

    @Test
    void onlyTheTokensHashIsStored() throws Exception {
        Store store = store("a");
        StoredSessions s = new StoredSessions(store, new JaasPasswords("karaf", realm), LIFETIMES, clock);
        Login login = s.login("ann", "ann-pw", "h");
        List<String> cells = new ArrayList<>();
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM security.sessions")) {
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    cells.add(rs.getString(i));
                }
            }
        }
        assertTrue(cells.contains(Tokens.hash(login.token())), cells.toString());
        assertFalse(cells.stream().anyMatch(v -> v.contains(login.token())), cells.toString());
    }

    @Test
    void idleAndAbsoluteExpiry() throws Exception {
        StoredSessions s = sessions("a", clock);
        String token = s.login("vic", "vic-pw", "h").token();
        // used every 29 minutes it stays open ...
        for (int i = 0; i < 24; i++) {
            clock.advance(Duration.ofMinutes(29));
            assertTrue(s.authenticate(token).isPresent(), "after " + (i + 1) * 29 + " min");
        }
        // ... until 12 hours after the login, used or not
        clock.advance(Duration.ofMinutes(29));
        assertEquals(Optional.empty(), s.authenticate(token));

        String idle = s.login("vic", "vic-pw", "h").token();
        clock.advance(Duration.ofMinutes(30));
        assertEquals(Optional.empty(), s.authenticate(idle));
        assertEquals(List.of(), s.list());
        assertEquals(2, s.purge(), "both expired rows deleted");
    }

    @Test
    void lastUseIsWrittenAtMostEveryFewSecondsAndSeenByOtherRuntimes() throws Exception {
        StoredSessions a = sessions("a", clock);
        StoredSessions b = sessions("b", clock);
        Login login = a.login("oli", "oli-pw", "h");
        Instant start = clock.instant();
        clock.advance(Duration.ofSeconds(2));
        a.authenticate(login.token());
        assertEquals(start, only(b.list()).lastSeen(), "not written after 2 s");
        clock.advance(Duration.ofSeconds(4));
        a.authenticate(login.token()); // revalidates, but only 2 s of use are known yet
        assertEquals(start, only(b.list()).lastSeen(), "not written after 2 s of use");
        clock.advance(Duration.ofSeconds(1));
        a.authenticate(login.token()); // revalidates: 6 s of use are due
        assertEquals(start.plusSeconds(6), only(b.list()).lastSeen());
        // the other runtime sees the use, so the session is not idle there although 30 min passed since the login
        clock.advance(Duration.ofMinutes(29).plusSeconds(57));
        assertTrue(b.authenticate(login.token()).isPresent());
    }

    @Test
    void twoRuntimesAcceptEachOthersTokensAndARevocationOnOneIsRefusedOnTheOtherWithinASecond() throws Exception {
        StoredSessions a = sessions("a", clock);
        StoredSessions b = sessions("b", clock);
        Login onA = a.login("ann", "ann-pw", "h");
        Login onB = b.login("oli", "oli-pw", "h");
        assertEquals(onA.session().id(), b.authenticate(onA.token()).orElseThrow().id());
        assertEquals(onB.session().id(), a.authenticate(onB.token()).orElseThrow().id());
        assertEquals(2, a.list().size());

        assertTrue(a.revoke(onB.session().id()));
        assertEquals(Optional.empty(), a.authenticate(onB.token()), "at once where it was revoked");
        clock.advance(StoredSessions.REVALIDATE);
        assertEquals(Optional.empty(), b.authenticate(onB.token()), "on the other after one revalidation");

        assertTrue(b.logout(onA.token()));
        clock.advance(StoredSessions.REVALIDATE);
        assertEquals(Optional.empty(), a.authenticate(onA.token()));
        assertFalse(a.revoke(onB.session().id()));
        assertFalse(a.logout(onA.token()));
    }

    @Test
    void aRevocationIsRefusedOnTheOtherRuntimeWithinTwoSecondsOfRealTime() throws Exception {
        StoredSessions a = sessions("a", Clock.systemUTC());
        StoredSessions b = sessions("b", Clock.systemUTC());
        Login login = a.login("ann", "ann-pw", "h");
        assertTrue(b.authenticate(login.token()).isPresent());
        long revoked = System.nanoTime();
        a.revoke(login.session().id());
        while (b.authenticate(login.token()).isPresent()) {
            assertTrue(System.nanoTime() - revoked < 2_000_000_000L, "still accepted 2 s after its revocation");
            Thread.sleep(10);
        }
    }

    @Test
    void sessionsOutliveARestart() throws Exception {
        Login login = sessions("a", clock).login("ann", "ann-pw", "h");
        StoredSessions restarted = sessions("a", clock);
        assertEquals(login.session().id(), restarted.authenticate(login.token()).orElseThrow().id());
    }

    @Test
    void aPeerTokenNeverIdlesOutButEndsAtItsValidityAndWhenRevoked() throws Exception {
        StoredSessions a = sessions("a", clock);
        Login peer = a.issuePeerToken("host-a", Duration.ofDays(30), "console");
        assertEquals(Role.PEER, peer.session().role());
        assertEquals("host-a", peer.session().user());
        assertEquals(peer.session().expires(), peer.session().idleExpires());
        // unused for far longer than a login may be, and purged meanwhile: still open, on another runtime too
        clock.advance(Duration.ofDays(29));
        a.purge();
        StoredSessions b = sessions("b", clock);
        assertEquals(peer.session().id(), b.authenticate(peer.token()).orElseThrow().id());
        assertTrue(b.list().stream().anyMatch(x -> x.id().equals(peer.session().id())));
        clock.advance(Duration.ofDays(1));
        assertEquals(Optional.empty(), b.authenticate(peer.token()));

        Login again = a.issuePeerToken("host-a", Duration.ofDays(1), "10.0.0.9");
        assertTrue(a.revoke(again.session().id()));
        assertEquals(Optional.empty(), a.authenticate(again.token()));
    }

    @Test
    void aPeerTokenNeedsAPlainNameAndAValidityOfDaysToYears() throws Exception {
        StoredSessions s = sessions("a", clock);
        for (String name : new String[] {"", "a b", "../x", "x".repeat(65), null}) {
            assertEquals(ErrorCode.BAD_REQUEST, assertThrows(PlatformException.class,
                    () -> s.issuePeerToken(name, Duration.ofDays(1), "console")).code(), String.valueOf(name));
        }
        for (Duration validity : new Duration[] {Duration.ofHours(23), Duration.ofDays(3651), null}) {
            assertEquals(ErrorCode.BAD_REQUEST, assertThrows(PlatformException.class,
                    () -> s.issuePeerToken("b", validity, "console")).code(), String.valueOf(validity));
        }
        assertEquals(List.of(), s.list());
    }

    @Test
    void aPeersCredentialIsKeptByUrlReplacedAndForgotten() throws Exception {
        Store store = store("a");
        store.migrate(StoredSessions.MODULE, StoredSessions.class.getClassLoader());
        PeerTable peers = new PeerTable(store.dataSource());
        URI b = URI.create("http://10.0.0.2:8181");
        Instant now = clock.instant();
        peers.put(new PeerTable.Row(b, Tokens.newToken(), "host-a (peer)", now, now.plus(Duration.ofDays(365))));
        String replacement = Tokens.newToken();
        peers.put(new PeerTable.Row(b, replacement, "host-a (peer)", now, now.plus(Duration.ofDays(30))));
        assertEquals(replacement, new PeerTable(store("b").dataSource()).get(b).orElseThrow().token());
        assertEquals(1, peers.all().size());
        assertTrue(peers.remove(b));
        assertFalse(peers.remove(b));
        assertEquals(Optional.empty(), peers.get(b));
    }

    @Test
    void failedLoginsAreSlowedAndTheOwnerGetsInAfterTheWait() throws Exception {
        StoredSessions s = sessions("a", clock);
        int refusedUnchecked = 0;
        for (int i = 0; i < 1000; i++) {
            try {
                s.login("ann", "guess-" + i, "203.0.113.9");
            } catch (LoginThrottledException e) {
                refusedUnchecked++;
                assertEquals(ErrorCode.TOO_MANY_REQUESTS, e.code());
                assertTrue(e.retryAfter().compareTo(LoginThrottle.MAX_WAIT) <= 0);
                clock.advance(e.retryAfter());
            } catch (PlatformException e) {
                assertEquals(ErrorCode.UNAUTHORIZED, e.code());
            }
        }
        assertTrue(refusedUnchecked > 400, "refused " + refusedUnchecked);
        PlatformException owner = assertThrows(PlatformException.class, () -> s.login("ann", "ann-pw", "198.51.100.7"));
        Duration wait = assertInstanceOf(LoginThrottledException.class, owner).retryAfter();
        assertTrue(wait.compareTo(LoginThrottle.MAX_WAIT) <= 0, wait.toString());
        clock.advance(wait);
        assertEquals(Role.ADMIN, s.login("ann", "ann-pw", "198.51.100.7").session().role());
    }

    private static Session only(List<Session> sessions) {
        assertEquals(1, sessions.size(), sessions.toString());
        return sessions.get(0);
    }
}
