package org.mobitopolo.rest.internal;

import java.security.Principal;
import javax.ws.rs.core.SecurityContext;
import org.mobitopolo.api.security.Role;
import org.mobitopolo.api.security.Session;

/** The caller of a request that came with a session, as the filter puts it in the request's {@link SecurityContext}. */
record SessionPrincipal(Session session) implements Principal {
    @Override
    public String getName() {
        return session.user();
    }

    /** The security context of a request made in a session. */
    static SecurityContext context(Session session, boolean secure, String scheme) {
        SessionPrincipal principal = new SessionPrincipal(session);
        return new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return principal;
            }

            @Override
            public boolean isUserInRole(String role) {
                for (Role r : Role.values()) {
                    if (r.id().equals(role)) {
                        return session.role().includes(r);
                    }
                }
                return false;
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return scheme;
            }
        };
    }
}
