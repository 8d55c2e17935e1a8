package org.mobitopolo.rest.internal;

import java.security.Principal;
import java.time.Instant;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.core.Context;
import org.mobitopolo.api.security.AuditEntry;
import org.mobitopolo.api.security.AuditTrail;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every state-changing call to {@code /api/v1} (any method but GET, HEAD, OPTIONS) in the
 * {@link AuditTrail} once it is answered, refusals included: those {@link SessionFilter} aborts pass
 * here too. Logins name the user they logged in, or {@code unknown}; never the password, the token or
 * any other part of a body.
 */
@Component(service = ContainerResponseFilter.class)
@JaxrsExtension
@JaxrsName("mobitopolo-audit")
@JaxrsApplicationSelect(MobitopoloApplication.SELECT)
public final class AuditFilter implements ContainerResponseFilter {
    private static final Logger AUDIT = LoggerFactory.getLogger("org.mobitopolo.audit");
    static final String NONE = "-";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile AuditTrail trail;

    @Context
    private HttpServletRequest http;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (AccessRules.isRead(request.getMethod())) {
            return;
        }
        AuditEntry entry = entry(request.getMethod(), request.getUriInfo().getPath(), request.getSecurityContext().getUserPrincipal(),
                http.getRemoteAddr(), response.getStatus(), response.getEntity(), Instant.now());
        AuditTrail t = trail;
        if (t == null) {
            // the security feature is gone: the call is still told on the audit log, though nowhere stored
            AUDIT.warn("{} {} not recorded: no audit trail is active; install one with feature:install mobitopolo-security",
                    entry.status(), entry.action());
            return;
        }
        t.record(entry);
    }

    /** What the trail records of a call answered {@code status} with {@code entity}; {@code path} is relative to the application. */
    static AuditEntry entry(String method, String path, Principal caller, String clientAddress, int status, Object entity, Instant at) {
        String p = AccessRules.normalize(path);
        String user = NONE;
        String role = NONE;
        if (method.equals("POST") && p.equals("sessions")) {
            // a login comes without a session; the one it opened names its user
            if (entity instanceof SessionResource.LoginDto login) {
                user = login.session().user();
                role = login.session().role();
            } else {
                user = "unknown";
            }
        } else if (caller instanceof SessionPrincipal s) {
            user = s.session().user();
            role = s.session().role().id();
        } else if (caller != null) {
            user = caller.getName();
        }
        String detail = entity instanceof Problem problem && problem.detail() != null ? Problems.auditable(problem.detail()) : "";
        return new AuditEntry(0, at, user, role, clientAddress == null ? NONE : clientAddress,
                method + " /" + MobitopoloApplication.BASE + (p.isEmpty() ? "" : "/" + p), status, detail);
    }
}
