package org.mobitopolo.security.internal;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.security.Login;
import org.mobitopolo.api.security.LoginThrottledException;
import org.mobitopolo.api.security.Role;
import org.mobitopolo.api.security.Session;
import org.mobitopolo.api.security.Sessions;
import org.mobitopolo.api.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions in the store's table {@code security.sessions}, with what each runtime keeps in memory so
 * that a request costs neither a query nor a password hash: a token's session is checked with the
 * store at most once per {@link #REVALIDATE} (so a logout or revocation on another runtime takes
 * effect here within that), and its last use is written back at most once per {@link #WRITE_LAST_SEEN}.
 * Memory keys what it holds by the token itself, so that a known token costs no hash either; only a
 * token the store has accepted is kept (the store still holds hashes alone).
 */
final class StoredSessions implements Sessions {
    static final Duration REVALIDATE = Duration.ofSeconds(1);
    static final Duration WRITE_LAST_SEEN = Duration.ofSeconds(5);
    static final String MODULE = "security";
    private static final int MAX_USER = 255;
    private static final int MAX_PASSWORD = 1024;
    private static final Pattern PEER_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Duration MAX_PEER_VALIDITY = Duration.ofDays(3650);
    private static final Logger AUDIT = LoggerFactory.getLogger("org.mobitopolo.audit");

    /** A token's row as last read, and its use since then. */
    private static final class Cached {
        final SessionTable.Row row;
        final Instant checked;
        volatile Instant lastSeen;

        Cached(SessionTable.Row row, Instant checked, Instant lastSeen) {
            this.row = row;
            this.checked = checked;
            this.lastSeen = lastSeen;
        }
    }

    private final Store store;
    private final JaasPasswords passwords;
    private final Lifetimes lifetimes;
    private final LoginThrottle throttle;
    private final Clock clock;
    private final ConcurrentMap<String, Cached> byToken = new ConcurrentHashMap<>();
    private volatile SessionTable table;

    StoredSessions(Store store, JaasPasswords passwords, Lifetimes lifetimes, Clock clock) {
        this.store = requireNonNull(store);
        this.passwords = requireNonNull(passwords);
        this.lifetimes = requireNonNull(lifetimes);
        this.clock = requireNonNull(clock);
        this.throttle = new LoginThrottle(clock);
    }

    @Override
    public Login login(String user, String password, String clientAddress) {
        if (user == null || user.isBlank() || user.length() > MAX_USER) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "give a user name (at most " + MAX_USER + " characters)");
        }
        if (password == null || password.isEmpty() || password.length() > MAX_PASSWORD) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "give a password (at most " + MAX_PASSWORD + " characters)");
        }
        String from = clientAddress == null || clientAddress.isBlank() ? "unknown" : clientAddress;
        Optional<Duration> wait = throttle.waitFor(user, from);
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            AUDIT.warn("login of user '{}' from {} refused unchecked: too many failures, {} s to wait", user, from, seconds);
            throw new LoginThrottledException("too many failed logins for this user or from this address; try again in "
                    + seconds + " s", Duration.ofSeconds(seconds));
        }
        Optional<Set<String>> jaasRoles = passwords.check(user, password.toCharArray());
        if (jaasRoles.isEmpty()) {
            throttle.failed(user, from);
            AUDIT.warn("login of user '{}' from {} failed: wrong user or password", user, from);
            throw new PlatformException(ErrorCode.UNAUTHORIZED, "wrong user or password");
        }
        Optional<Role> role = RoleMapping.of(jaasRoles.get());
        if (role.isEmpty()) {
            // the password was right: not a failure to slow down, but no session either
            AUDIT.warn("login of user '{}' from {} refused: none of its JAAS roles {} is a Mobitopolo role", user, from,
                    jaasRoles.get());
            throw new PlatformException(ErrorCode.FORBIDDEN,
                    "user '" + user + "' has none of the roles viewer, operator or admin in the JAAS realm karaf");
        }
        throttle.succeeded(user, from);
        Instant now = clock.instant();
        String token = Tokens.newToken();
        SessionTable.Row row = new SessionTable.Row(Tokens.newId(), Tokens.hash(token), user, role.get(), from, now, now,
                lifetimes.expires(now));
        table().insert(row);
        byToken.put(token, new Cached(row, now, now));
        AUDIT.info("login of user '{}' ({}) from {}: session {}", user, row.role().id(), from, row.id());
        return new Login(token, session(row, now));
    }

    @Override
    public Optional<Session> authenticate(String token) {
        if (!Tokens.isWellFormed(token)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Cached c = byToken.get(token);
        if (c == null || !now.isBefore(c.checked.plus(REVALIDATE))) {
            c = revalidate(token, c, now);
            if (c == null) {
                return Optional.empty();
            }
        }
        if (!lifetimes.isOpen(c.row.role(), c.row.expires(), c.lastSeen, now)) {
            byToken.remove(token, c);
            return Optional.empty();
        }
        c.lastSeen = now;
        return Optional.of(session(c.row, now));
    }

    /** Reads the token's row again, writing back this runtime's latest use when it is due. */
    private Cached revalidate(String token, Cached previous, Instant now) {
        Optional<SessionTable.Row> row = table().byTokenHash(previous == null ? Tokens.hash(token) : previous.row.tokenHash());
        if (row.isEmpty()) {
            byToken.remove(token);
            return null;
        }
        SessionTable.Row r = row.get();
        Instant lastSeen = previous == null || previous.lastSeen.isBefore(r.lastSeen()) ? r.lastSeen() : previous.lastSeen;
        if (!lastSeen.isBefore(r.lastSeen().plus(WRITE_LAST_SEEN)) && lifetimes.isOpen(r.role(), r.expires(), lastSeen, now)) {
            table().touch(r.id(), lastSeen);
            r = new SessionTable.Row(r.id(), r.tokenHash(), r.user(), r.role(), r.clientAddress(), r.created(), lastSeen, r.expires());
        }
        Cached fresh = new Cached(r, now, lastSeen);
        byToken.put(token, fresh);
        return fresh;
    }

    @Override
    public boolean logout(String token) {
        if (!Tokens.isWellFormed(token)) {
            return false;
        }
        Cached c = byToken.remove(token);
        boolean ended = table().deleteByTokenHash(Tokens.hash(token));
        if (ended) {
            AUDIT.info("logout{}", c == null ? "" : " of user '" + c.row.user() + "': session " + c.row.id());
        }
        return ended;
    }

    @Override
    public Login issuePeerToken(String name, Duration validity, String issuedFrom) {
        if (name == null || !PEER_NAME.matcher(name).matches()) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "a peer's name is 1 to 64 letters, digits, '.', '_' or '-', got "
                    + (name == null ? "none" : "'" + name + "'"));
        }
        if (validity == null || validity.compareTo(Duration.ofDays(1)) < 0 || validity.compareTo(MAX_PEER_VALIDITY) > 0) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "a peer token is valid for 1 to " + MAX_PEER_VALIDITY.toDays()
                    + " days, got " + (validity == null ? "none" : validity.toDays()));
        }
        Instant now = clock.instant();
        String token = Tokens.newToken();
        String from = issuedFrom == null || issuedFrom.isBlank() ? "unknown" : issuedFrom;
        SessionTable.Row row = new SessionTable.Row(Tokens.newId(), Tokens.hash(token), name, Role.PEER, from, now, now,
                now.plus(validity));
        table().insert(row);
        AUDIT.info("peer token for '{}' issued from {}: session {}, valid until {}", name, from, row.id(), row.expires());
        return new Login(token, session(row, now));
    }

    @Override
    public List<Session> list() {
        Instant now = clock.instant();
        Map<String, Instant> localUse = new HashMap<>();
        byToken.values().forEach(c -> localUse.merge(c.row.tokenHash(), c.lastSeen, (a, b) -> a.isAfter(b) ? a : b));
        return table().all().stream().map(r -> withLocalUse(r, localUse.get(r.tokenHash()))).filter(r -> lifetimes.isOpen(r.role(), r.expires(), r.lastSeen(), now))
                .map(r -> session(r, r.lastSeen())).toList();
    }

    @Override
    public boolean revoke(String id) {
        if (id == null) {
            return false;
        }
        byToken.values().removeIf(c -> c.row.id().equals(id));
        boolean revoked = table().deleteById(id);
        if (revoked) {
            AUDIT.info("session {} revoked", id);
        }
        return revoked;
    }

    /** Deletes expired sessions from the store and forgets what memory holds of ended ones. */
    int purge() {
        Instant now = clock.instant();
        byToken.values().removeIf(c -> !lifetimes.isOpen(c.row.role(), c.row.expires(), c.lastSeen, now)
                || !now.isBefore(c.checked.plus(lifetimes.idle())));
        throttle.purge();
        return table().deleteExpired(now, now.minus(lifetimes.idle()));
    }

    LoginThrottle throttle() {
        return throttle;
    }

    private static SessionTable.Row withLocalUse(SessionTable.Row r, Instant localLastSeen) {
        if (localLastSeen == null || !localLastSeen.isAfter(r.lastSeen())) {
            return r;
        }
        return new SessionTable.Row(r.id(), r.tokenHash(), r.user(), r.role(), r.clientAddress(), r.created(), localLastSeen, r.expires());
    }

    private Session session(SessionTable.Row r, Instant lastSeen) {
        return new Session(r.id(), r.user(), r.role(), r.clientAddress(), r.created(), lastSeen,
                lifetimes.idleExpires(r.role(), lastSeen, r.expires()), r.expires());
    }

    /** The table, once the module's migrations are applied; retried on each use while the store cannot be reached. */
    private SessionTable table() {
        SessionTable t = table;
        if (t == null) {
            synchronized (this) {
                if (table == null) {
                    store.migrate(MODULE, StoredSessions.class.getClassLoader());
                    table = new SessionTable(store.dataSource());
                }
                t = table;
            }
        }
        return t;
    }
}
