package org.mobitopolo.security.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.security.Login;
import org.mobitopolo.api.security.Session;
import org.mobitopolo.api.security.Sessions;
import org.mobitopolo.api.store.Store;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's {@link Sessions}: passwords checked against Karaf's JAAS realm {@code karaf},
 * sessions kept in the store. Expired sessions are deleted once a minute.
 *
 * <p>Public only because Felix SCR instantiates components through public constructors; the
 * package is not exported.
 */
@Component(service = Sessions.class, configurationPid = SessionService.PID)
@Designate(ocd = SessionService.Config.class)
public final class SessionService implements Sessions {
    static final String PID = "org.mobitopolo.security";
    private static final Logger LOG = LoggerFactory.getLogger(SessionService.class);

    @ObjectClassDefinition(name = "Mobitopolo security", description = "Sessions of the REST endpoint, the audit trail")
    public @interface Config {
        @AttributeDefinition(min = "1", description = "Minutes a session may stay unused before it ends")
        int idleMinutes() default 30;

        @AttributeDefinition(min = "1", description = "Hours after its login a session ends, used or not")
        int absoluteHours() default 12;

        @AttributeDefinition(min = "1", description = "Days the audit trail keeps its entries (read by the audit trail)")
        int auditKeepDays() default AuditService.DEFAULT_KEEP_DAYS;
    }

    private final StoredSessions sessions;
    private final ScheduledExecutorService purger;

    @Activate
    public SessionService(@Reference Store store, Config config) {
        this.sessions = new StoredSessions(store, new JaasPasswords("karaf", null),
                new Lifetimes(Duration.ofMinutes(config.idleMinutes()), Duration.ofHours(config.absoluteHours())),
                Clock.systemUTC());
        this.purger = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "mobitopolo-session-purge"));
        purger.scheduleWithFixedDelay(this::purge, 1, 60, TimeUnit.SECONDS);
        LOG.info("Sessions started: idle expiry {} min, absolute {} h", config.idleMinutes(), config.absoluteHours());
    }

    @Deactivate
    void deactivate() {
        purger.shutdownNow();
        LOG.info("Sessions stopped");
    }

    private void purge() {
        try {
            int deleted = sessions.purge();
            if (deleted > 0) {
                LOG.debug("Deleted {} expired sessions", deleted);
            }
        } catch (PlatformException e) {
            LOG.debug("Expired sessions not deleted now: {}", e.getMessage());
        }
    }

    @Override
    public Login login(String user, String password, String clientAddress) {
        return sessions.login(user, password, clientAddress);
    }

    @Override
    public Optional<Session> authenticate(String token) {
        return sessions.authenticate(token);
    }

    @Override
    public boolean logout(String token) {
        return sessions.logout(token);
    }

    @Override
    public Login issuePeerToken(String name, Duration validity, String issuedFrom) {
        return sessions.issuePeerToken(name, validity, issuedFrom);
    }

    @Override
    public List<Session> list() {
        return sessions.list();
    }

    @Override
    public boolean revoke(String id) {
        return sessions.revoke(id);
    }
}
