package org.mobitopolo.rest.internal;

import static javax.ws.rs.core.MediaType.APPLICATION_JSON;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.QueryParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.security.Login;
import org.mobitopolo.api.security.Session;
import org.mobitopolo.api.security.Sessions;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/v1/sessions}: logging in and out, one's own session, and, for admins, everyone's.
 * A login answers the token in the body (for scripts: {@code Authorization: Bearer}) and in the
 * cookie {@code mobi_session} (for browsers, HttpOnly), with the CSRF cookie {@code mobi_csrf} that
 * pages repeat in {@code X-CSRF-Token}. The role checks are {@link SessionFilter}'s.
 */
@Component(service = SessionResource.class)
@JaxrsResource
@JaxrsApplicationSelect(MobitopoloApplication.SELECT)
@JSONRequired
@Path("sessions")
@Produces(APPLICATION_JSON)
public final class SessionResource {
    /** A login's body. */
    record LoginRequest(String user, String password) {
        /** Never the password. */
        @Override
        public String toString() {
            return "LoginRequest[user=" + user + "]";
        }
    }

    /** A session as the endpoint shows it; times in epoch milliseconds, as elsewhere in the API. */
    record SessionDto(String id, String user, String role, String clientAddress, long createdMillis, long lastSeenMillis,
            long idleExpiresMillis, long expiresMillis) {
        static SessionDto of(Session s) {
            return new SessionDto(s.id(), s.user(), s.role().id(), s.clientAddress(), s.created().toEpochMilli(),
                    s.lastSeen().toEpochMilli(), s.idleExpires().toEpochMilli(), s.expires().toEpochMilli());
        }
    }

    /** A login's answer: the token, shown this once (none with {@code ?cookie=true}), and the session. */
    record LoginDto(String token, SessionDto session) {}

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Sessions sessions;

    @POST
    @Consumes(APPLICATION_JSON)
    @Summary("Logs in with a user and password of Karaf's JAAS realm karaf: 201 with the token and the session, "
            + "and the cookies mobi_session and mobi_csrf; wrong credentials 401, too many failures 429 with Retry-After; "
            + "?cookie=true (browsers) leaves the token out of the body, so only the HttpOnly cookie carries it")
    public Response login(LoginRequest body, @QueryParam("cookie") @DefaultValue("false") boolean cookieOnly,
            @Context HttpServletRequest http, @Context UriInfo uri) {
        if (body == null) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "body must be {\"user\": ..., \"password\": ...}");
        }
        Login login = sessions().login(body.user(), body.password(), http.getRemoteAddr());
        long maxAge = Math.max(0, Duration.between(Instant.now(), login.session().expires()).getSeconds());
        boolean secure = "https".equals(uri.getRequestUri().getScheme().toLowerCase(Locale.ROOT));
        return Response.status(Response.Status.CREATED)
                .header(HttpHeaders.SET_COOKIE, cookie(
                        Credentials.SESSION_COOKIE, login.token(), maxAge, true, secure))
                .header(HttpHeaders.SET_COOKIE, cookie(Credentials.CSRF_COOKIE,
                        Credentials.csrf(login.token()), maxAge, false, secure))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .entity(new LoginDto(cookieOnly ? null : login.token(), SessionDto.of(login.session())))
                .build();
    }

    @GET
    @Path("current")
    @Summary("The caller's own session")
    public SessionDto current(@Context SecurityContext security) {
        return SessionDto.of(caller(security));
    }

    @DELETE
    @Path("current")
    @Summary("Logs out: ends the caller's session and clears its cookies")
    public Response logout(@Context SecurityContext security, @Context HttpHeaders headers, @Context UriInfo uri) {
        caller(security);
        var credentials = Credentials.of(headers.getHeaderString(HttpHeaders.AUTHORIZATION),
                headers.getCookies());
        sessions().logout(credentials.token());
        boolean secure = "https".equals(uri.getRequestUri().getScheme().toLowerCase(Locale.ROOT));
        return Response.noContent()
                .header(HttpHeaders.SET_COOKIE, cookie(Credentials.SESSION_COOKIE, "", 0, true, secure))
                .header(HttpHeaders.SET_COOKIE, cookie(Credentials.CSRF_COOKIE, "", 0, false, secure))
                .build();
    }

    @GET
    @Summary("Every open session on the store (admin)")
    public List<SessionDto> list() {
        return sessions().list().stream().map(SessionDto::of).toList();
    }

    @DELETE
    @Path("{id}")
    @Summary("Revokes a session (admin): every runtime refuses its token within 2 s")
    public Response revoke(@PathParam("id") String id) {
        if (!sessions().revoke(id)) {
            throw new PlatformException(ErrorCode.NOT_FOUND, "no open session " + id);
        }
        return Response.noContent().build();
    }

    private Sessions sessions() {
        return PlatformException.requirePlugin(sessions, "sessions", "mobitopolo-security");
    }

    private static Session caller(SecurityContext security) {
        if (security.getUserPrincipal() instanceof SessionPrincipal p) {
            return p.session();
        }
        throw new PlatformException(ErrorCode.UNAUTHORIZED, "this request came without a session; log in with POST /api/v1/sessions");
    }

    private static String cookie(String name, String value, long maxAge, boolean httpOnly, boolean secure) {
        // built by hand: JAX-RS 2.1's NewCookie cannot say SameSite
        return name + "=" + value + "; Path=/; Max-Age=" + maxAge + "; SameSite=Strict" + (httpOnly ? "; HttpOnly" : "")
                + (secure ? "; Secure" : "");
    }
}
