package org.mobitopolo.security.internal;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.mobitopolo.api.security.AuditEntry;
import org.mobitopolo.api.security.AuditQuery;
import org.mobitopolo.api.security.AuditTrail;
import org.mobitopolo.api.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail in the store's table {@code security.audit}, each entry also a line on the logger
 * {@code org.mobitopolo.audit}: at INFO, or WARN for the refusals 401, 403 and 429.
 */
final class StoredAudit implements AuditTrail {
    static final String LOGGER = "org.mobitopolo.audit";
    private static final Logger AUDIT = LoggerFactory.getLogger(LOGGER);
    private static final Logger LOG = LoggerFactory.getLogger(StoredAudit.class);

    private final Store store;
    private final Clock clock;
    private final AtomicLong unstored = new AtomicLong();
    /** Whether the latest write worked: only a change is logged, not every entry lost while the store is down. */
    private final AtomicBoolean storing = new AtomicBoolean(true);
    private volatile AuditTable table;

    StoredAudit(Store store, Clock clock) {
        this.store = requireNonNull(store);
        this.clock = requireNonNull(clock);
    }

    @Override
    public void record(AuditEntry entry) {
        AuditEntry e = clean(entry);
        log(e);
        try {
            table().insert(e);
        } catch (RuntimeException failure) {
            long lost = unstored.incrementAndGet();
            if (storing.compareAndSet(true, false)) {
                LOG.warn("Audit entries are not stored ({} so far; each stays on the log {}): {}", lost, LOGGER,
                        failure.getMessage());
            }
            return;
        }
        if (storing.compareAndSet(false, true)) {
            LOG.info("Audit entries are stored again; {} could not be since this runtime started", unstored.get());
        }
    }

    @Override
    public List<AuditEntry> list(AuditQuery query) {
        return table().newest(requireNonNull(query, "query"));
    }

    @Override
    public long unstored() {
        return unstored.get();
    }

    /** Deletes the entries older than {@code keepDays}; how many. */
    int purge(int keepDays) {
        return table().deleteBefore(clock.instant().minus(Duration.ofDays(keepDays)));
    }

    /** Whether a status is a refusal of the caller (logged as a warning): no or a bad session, a role too low, too many tries. */
    static boolean isRefusal(int status) {
        return status == 401 || status == 403 || status == 429;
    }

    private static void log(AuditEntry e) {
        String who = e.role().equals("-") ? e.user().equals("-") ? "without a session" : "by " + e.user()
                : "by " + e.user() + " (" + e.role() + ")";
        String detail = e.detail().isEmpty() ? "" : ": " + e.detail();
        if (isRefusal(e.status())) {
            AUDIT.warn("{} {} {} from {}{}", e.status(), e.action(), who, e.clientAddress(), detail);
        } else {
            AUDIT.info("{} {} {} from {}{}", e.status(), e.action(), who, e.clientAddress(), detail);
        }
    }

    /** The entry as it is logged and stored: control characters replaced (no forged log lines), fields cut to the table's widths. */
    static AuditEntry clean(AuditEntry e) {
        return new AuditEntry(e.id(), e.at(), text(e.user(), AuditTable.MAX_USER), text(e.role(), AuditTable.MAX_ROLE),
                text(e.clientAddress(), AuditTable.MAX_ADDRESS), text(e.action(), AuditTable.MAX_ACTION), e.status(),
                text(e.detail(), AuditTable.MAX_DETAIL));
    }

    private static String text(String s, int max) {
        String t = s.replaceAll("[\\p{Cc}\\p{Zl}\\p{Zp}]", "?");
        if (t.length() <= max) {
            return t;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(t.charAt(end - 1))) {
            end--; // never half a character
        }
        return t.substring(0, end) + "…";
    }

    /** The table, once the module's migrations are applied; retried on each use while the store cannot be reached. */
    private AuditTable table() {
        AuditTable t = table;
        if (t == null) {
            synchronized (this) {
                if (table == null) {
                    store.migrate(StoredSessions.MODULE, StoredAudit.class.getClassLoader());
                    table = new AuditTable(store.dataSource());
                }
                t = table;
            }
        }
        return t;
    }
}
