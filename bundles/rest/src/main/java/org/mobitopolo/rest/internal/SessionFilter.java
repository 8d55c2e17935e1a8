package org.mobitopolo.rest.internal;

import java.util.Optional;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import org.mobitopolo.api.security.Role;
import org.mobitopolo.api.security.Session;
import org.mobitopolo.api.security.Sessions;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * Authenticates every request to {@code /api/v1} by its bearer token or session cookie and applies
 * {@link AccessRules}. Before matching, so that no path escapes it, not even one that does not exist.
 * Removing the security feature shuts the endpoint (503) instead of opening it.
 */
@Component(service = ContainerRequestFilter.class)
@JaxrsExtension
@JaxrsName("mobitopolo-sessions")
@JaxrsApplicationSelect(MobitopoloApplication.SELECT)
@JSONRequired
@PreMatching
public final class SessionFilter implements ContainerRequestFilter {
    static final String CHALLENGE = "Bearer realm=\"mobitopolo\"";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Sessions sessions;

    @Override
    public void filter(ContainerRequestContext request) {
        String method = request.getMethod();
        String path = request.getUriInfo().getPath();
        Optional<Role> needed = AccessRules.required(method, path);
        if (needed.isEmpty()) {
            return; // login and health: a stale cookie must not keep anyone from logging in again
        }
        Credentials credentials = Credentials.of(request.getHeaderString(HttpHeaders.AUTHORIZATION), request.getCookies());
        if (!credentials.present()) {
            request.abortWith(unauthorized(path, null, "this request needs a session: log in with POST /api/v1/sessions, "
                    + "then send Authorization: Bearer TOKEN"));
            return;
        }
        if (credentials.malformedHeader()) {
            request.abortWith(unauthorized(path, "invalid_request", "only Authorization: Bearer TOKEN is accepted"));
            return;
        }
        Sessions s = sessions;
        if (s == null) {
            request.abortWith(problem(503, path, "no sessions service is active, so no request can be authenticated: "
                    + "it needs the features mobitopolo-security and mobitopolo-store (the platform's store) active"));
            return;
        }
        Optional<Session> session = s.authenticate(credentials.token());
        if (session.isEmpty()) {
            request.abortWith(unauthorized(path, "invalid_token",
                    "the session is unknown, expired, logged out or revoked; log in again with POST /api/v1/sessions"));
            return;
        }
        Session who = session.get();
        // set before the refusals below too: the audit trail names whose session a refused write came in
        request.setSecurityContext(SessionPrincipal.context(who, request.getSecurityContext().isSecure(),
                credentials.fromCookie() ? "Cookie" : "Bearer"));
        if (credentials.fromCookie() && !AccessRules.isRead(method)
                && !credentials.csrfMatches(request.getHeaderString(Credentials.CSRF_HEADER),
                        name -> request.getCookies().containsKey(name) ? request.getCookies().get(name).getValue() : null)) {
            request.abortWith(problem(403, path, "a " + method + " with the session cookie must repeat the cookie "
                    + Credentials.CSRF_COOKIE + " in the header " + Credentials.CSRF_HEADER));
            return;
        }
        if (!who.role().includes(needed.get())) {
            // RFC 6750's answer to a token that is good but not enough
            request.abortWith(Response.fromResponse(problem(403, path, "user '" + who.user() + "' (" + who.role().id()
                    + ") may not " + method + " /api/v1/" + AccessRules.normalize(path) + "; that needs the role "
                    + needed.get().id())).header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE + ", error=\"insufficient_scope\"").build());
        }
    }

    private static Response unauthorized(String path, String error, String detail) {
        Response r = problem(401, path, detail);
        return Response.fromResponse(r)
                .header(HttpHeaders.WWW_AUTHENTICATE, error == null ? CHALLENGE : CHALLENGE + ", error=\"" + error + "\"").build();
    }

    private static Response problem(int status, String path, String detail) {
        Response.Status s = Response.Status.fromStatusCode(status);
        String instance = "/" + MobitopoloApplication.BASE + "/" + AccessRules.normalize(path);
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(new Problem("about:blank", s == null ? "HTTP " + status : s.getReasonPhrase(), status, detail, instance))
                .build();
    }
}
