package org.mobitopolo.controller.internal;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Optional;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.security.Login;
import org.mobitopolo.api.security.Sessions;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The controller's own runtime as a host of its topologies: reached by its REST endpoint like any
 * other, with a peer token it issues itself (renewed daily, revoked when the controller stops), so
 * that a step does the same here as on any host and the audit trail names the controller.
 */
final class LocalRuntime {
    private static final Duration VALIDITY = Duration.ofDays(2);
    private static final Duration RENEW_AFTER = Duration.ofDays(1);

    private final URI url;
    private final Sessions sessions;
    private Login login;

    LocalRuntime(URI url, Sessions sessions) {
        this.url = url;
        this.sessions = sessions;
    }

    /**
     * This runtime's REST URL: {@code configured} when given, else from Pax Web's configuration (its
     * HTTP port, on its first listening address, loopback when it listens on all).
     */
    static URI url(String configured, ConfigurationAdmin config) {
        if (configured != null && !configured.isBlank()) {
            return URI.create(configured.strip());
        }
        String port = "8181";
        String address = "127.0.0.1";
        try {
            Configuration[] web = config.listConfigurations("(service.pid=org.ops4j.pax.web)");
            Dictionary<String, Object> p = web == null || web.length == 0 ? null : web[0].getProperties();
            if (p != null) {
                if ("false".equals(String.valueOf(p.get("org.osgi.service.http.enabled")))) {
                    throw new PlatformException(ErrorCode.UNAVAILABLE, "this runtime serves no plain HTTP; set localUrl in "
                            + "etc/org.mobitopolo.controller.cfg to its HTTPS URL");
                }
                port = String.valueOf(p.get("org.osgi.service.http.port") == null ? port : p.get("org.osgi.service.http.port"));
                Object listening = p.get("org.ops4j.pax.web.listening.addresses");
                String first = listening == null ? "" : String.valueOf(listening).split(",")[0].strip();
                if (!first.isEmpty() && !first.equals("0.0.0.0") && !first.equals("::")) {
                    address = first;
                }
            }
        } catch (IOException | InvalidSyntaxException e) {
            throw new PlatformException(ErrorCode.UNAVAILABLE, "cannot read Pax Web's configuration: " + e.getMessage(), e);
        }
        return URI.create("http://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + port);
    }

    URI url() {
        return url;
    }

    /** The header this runtime's REST endpoint accepts from the controller. */
    synchronized Optional<String> authorization() {
        Instant now = Instant.now();
        if (login == null || login.session().created().plus(RENEW_AFTER).isBefore(now)) {
            Login old = login;
            login = sessions.issuePeerToken("controller", VALIDITY, "controller");
            if (old != null) {
                sessions.revoke(old.session().id());
            }
        }
        return Optional.of("Bearer " + login.token());
    }

    /** Revokes the controller's token. */
    synchronized void close() {
        if (login != null) {
            try {
                sessions.revoke(login.session().id());
            } catch (PlatformException storeDown) {
                // it expires by itself
            }
            login = null;
        }
    }
}
