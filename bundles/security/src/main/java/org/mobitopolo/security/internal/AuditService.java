package org.mobitopolo.security.internal;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.mobitopolo.api.security.AuditEntry;
import org.mobitopolo.api.security.AuditQuery;
import org.mobitopolo.api.security.AuditTrail;
import org.mobitopolo.api.store.Store;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's {@link AuditTrail}, in the store. Entries older than {@code auditKeepDays} are
 * deleted at activation and then daily (an hour later again when the store could not be reached).
 *
 * <p>Public only because Felix SCR instantiates components through public constructors; the
 * package is not exported.
 */
@Component(service = AuditTrail.class, configurationPid = SessionService.PID)
public final class AuditService implements AuditTrail {
    static final int DEFAULT_KEEP_DAYS = 90;
    private static final Logger LOG = LoggerFactory.getLogger(AuditService.class);

    /** The part of the security configuration the audit trail reads; its metatype is the sessions service's. */
    public @interface Config {
        int auditKeepDays() default DEFAULT_KEEP_DAYS;
    }

    private final StoredAudit audit;
    private final ScheduledExecutorService purger;
    private volatile int keepDays;

    @Activate
    public AuditService(@Reference Store store, Config config) {
        this.audit = new StoredAudit(store, Clock.systemUTC());
        this.keepDays = keepDays(config);
        this.purger = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "mobitopolo-audit-purge"));
        purger.execute(this::purge);
        LOG.info("Audit trail started: entries kept {} days", keepDays);
    }

    @Modified
    void modified(Config config) {
        int days = keepDays(config);
        if (days != keepDays) {
            keepDays = days;
            LOG.info("Audit entries now kept {} days", days);
            purger.execute(this::purgeOnce);
        }
    }

    @Deactivate
    void deactivate() {
        purger.shutdownNow();
        LOG.info("Audit trail stopped");
    }

    /** Purges, then schedules the next purge: in a day, or in an hour if this one failed. */
    private void purge() {
        long hours = purgeOnce() ? 24 : 1;
        try {
            purger.schedule(this::purge, hours, TimeUnit.HOURS);
        } catch (RejectedExecutionException stopping) {
            // deactivated meanwhile
        }
    }

    private boolean purgeOnce() {
        try {
            int deleted = audit.purge(keepDays);
            if (deleted > 0) {
                LOG.info("Deleted {} audit entries older than {} days", deleted, keepDays);
            }
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Old audit entries not deleted now, trying again in an hour: {}", e.getMessage());
            return false;
        }
    }

    private static int keepDays(Config config) {
        if (config.auditKeepDays() < 1) {
            LOG.warn("auditKeepDays must be at least 1, not {}; entries are kept {} days", config.auditKeepDays(), DEFAULT_KEEP_DAYS);
            return DEFAULT_KEEP_DAYS;
        }
        return config.auditKeepDays();
    }

    @Override
    public void record(AuditEntry entry) {
        audit.record(entry);
    }

    @Override
    public List<AuditEntry> list(AuditQuery query) {
        return audit.list(query);
    }

    @Override
    public long unstored() {
        return audit.unstored();
    }
}
