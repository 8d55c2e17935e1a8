package org.mobitopolo.rest.internal;

import static javax.ws.rs.core.MediaType.APPLICATION_JSON;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.security.Login;
import org.mobitopolo.api.security.Peer;
import org.mobitopolo.api.security.PeerCredentials;
import org.mobitopolo.api.security.Sessions;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/v1/peers}, host-to-host trust (admin): the tokens this host presents to other hosts,
 * and ({@code /peers/tokens}) issuing the token another host presents when it calls this one.
 */
@Component(service = PeerResource.class)
@JaxrsResource
@JaxrsApplicationSelect(MobitopoloApplication.SELECT)
@JSONRequired
@Produces(APPLICATION_JSON)
@Path("peers")
public final class PeerResource {
    /** Asks for a peer token: what the other host is called here, and for how many days it is valid. */
    record PeerTokenRequest(String name, Integer days) {}

    /** Keeps another host's token: its URL and the token it issued. */
    record PeerRequest(String url, String token) {
        /** Never the token. */
        @Override
        public String toString() {
            return "PeerRequest[url=" + url + "]";
        }
    }

    /** A kept credential as the endpoint shows it (never the token); times in epoch milliseconds. */
    record PeerDto(String url, String identity, long addedMillis, long expiresMillis) {
        static PeerDto of(Peer p) {
            return new PeerDto(p.url().toString(), p.identity(), p.added().toEpochMilli(), p.expires().toEpochMilli());
        }
    }

    static final int DEFAULT_DAYS = 365;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Sessions sessions;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PeerCredentials peers;

    @POST
    @Path("tokens")
    @Consumes(APPLICATION_JSON)
    @Summary("Issues a token for another Mobitopolo host (admin): {\"name\", \"days\" (default 365)}; 201 with the token, "
            + "shown this once, and its session (role peer; ends at its expiry or when revoked, never for being idle)")
    public Response issue(PeerTokenRequest body, @Context HttpServletRequest http) {
        if (body == null) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "body must be {\"name\": ..., \"days\": ...}");
        }
        int days = body.days() == null ? DEFAULT_DAYS : body.days();
        Login login = PlatformException.requirePlugin(sessions, "sessions", "mobitopolo-security")
                .issuePeerToken(body.name(), Duration.ofDays(days), http.getRemoteAddr());
        return Response.status(Response.Status.CREATED).header("Cache-Control", "no-store")
                .entity(new SessionResource.LoginDto(login.token(), SessionResource.SessionDto.of(login.session()))).build();
    }

    @GET
    @Summary("The hosts this one holds a credential for (admin), never the tokens")
    public List<PeerDto> list() {
        return peers().list().stream().map(PeerDto::of).toList();
    }

    @POST
    @Consumes(APPLICATION_JSON)
    @Summary("Keeps the token another host issued (admin): {\"url\", \"token\"}; checked with that host first "
            + "(400 when it refuses it, 503 when it cannot be reached); 201 with what it said the token is")
    public Response add(PeerRequest body) {
        if (body == null || body.url() == null) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "body must be {\"url\": \"http://HOST:PORT\", \"token\": ...}");
        }
        Peer peer = peers().add(uri(body.url()), body.token());
        return Response.status(Response.Status.CREATED).entity(PeerDto.of(peer)).build();
    }

    @DELETE
    @Summary("Forgets the credential for the host at ?url= (admin)")
    public Response remove(@QueryParam("url") String url) {
        if (url == null) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "give the host as ?url=http://HOST:PORT");
        }
        if (!peers().remove(uri(url))) {
            throw new PlatformException(ErrorCode.NOT_FOUND, "no credential kept for " + url);
        }
        return Response.noContent().build();
    }

    private PeerCredentials peers() {
        return PlatformException.requirePlugin(peers, "peer credentials", "mobitopolo-security");
    }

    private static URI uri(String url) {
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "not a URL: " + url);
        }
    }
}
