package org.mobitopolo.rest.internal;

import static javax.ws.rs.core.MediaType.APPLICATION_JSON;

import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.proxy.ProxyConfig;
import org.mobitopolo.api.proxy.ProxyLimits;
import org.mobitopolo.api.proxy.ProxyStatus;
import org.mobitopolo.api.proxy.WebProxy;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/v1/proxy}: the web proxy of whichever proxy plugin is active (embedded or tinyproxy): its
 * settings and counters, start/restart and stop, and its users.
 */
@Component(service = ProxyResource.class)
@JaxrsResource
@JaxrsApplicationSelect(MobitopoloApplication.SELECT)
@JSONRequired
@Path("proxy")
@Produces(APPLICATION_JSON)
public final class ProxyResource {
    /** Settings to start with; every field is optional (defaults: 127.0.0.1:3128, no rules, no auth, no cache). */
    public record ProxyBody(String bindAddress, Integer port, List<String> allow, List<String> deny, Boolean requireAuth,
            Long cacheBytes, Long cacheDiskBytes, List<Integer> connectPorts, LimitsBody limits) {
        ProxyConfig config() {
            return new ProxyConfig(or(bindAddress, "127.0.0.1"), or(port, 3128), allow, deny, or(requireAuth, false),
                    or(cacheBytes, 0L), or(cacheDiskBytes, 0L), connectPorts, limits == null ? null : limits.limits());
        }
    }

    /** Limits; every field optional, defaults as {@link ProxyLimits#DEFAULT}. */
    public record LimitsBody(Integer connectionsPerClient, Integer connectionsPerUser, Long upstreamTimeoutMillis,
            Long headerTimeoutMillis) {
        ProxyLimits limits() {
            ProxyLimits d = ProxyLimits.DEFAULT;
            return new ProxyLimits(or(connectionsPerClient, d.connectionsPerClient()),
                    or(connectionsPerUser, d.connectionsPerUser()), or(upstreamTimeoutMillis, d.upstreamTimeoutMillis()),
                    or(headerTimeoutMillis, d.headerTimeoutMillis()));
        }
    }

    /** A user's password; it is kept hashed (embedded proxy) or in tinyproxy's own file, never echoed. */
    public record PasswordBody(String password) {}

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile WebProxy proxy;

    private static <T> T or(T value, T otherwise) {
        return value != null ? value : otherwise;
    }

    private WebProxy proxy() {
        return PlatformException.requirePlugin(proxy, "web proxy", "mobitopolo-proxy");
    }

    @GET
    @Summary("The proxy: implementation, running, settings, and its counters (requests, open connections, denied, "
            + "bad requests, upstream failures, cache hits/misses/bytes)")
    public ProxyStatus status() {
        return proxy().status();
    }

    @PUT
    @Consumes(APPLICATION_JSON)
    @Summary("Start the proxy, or restart it with new settings, body {\"bindAddress\", \"port\", \"allow\": [CIDR], "
            + "\"deny\": [CIDR], \"requireAuth\", \"cacheBytes\", \"cacheDiskBytes\", \"connectPorts\", \"limits\": "
            + "{\"connectionsPerClient\", \"connectionsPerUser\", \"upstreamTimeoutMillis\", \"headerTimeoutMillis\"}}")
    public ProxyStatus start(ProxyBody body) {
        ProxyConfig config = (body == null ? new ProxyBody(null, null, null, null, null, null, null, null, null) : body)
                .config();
        return proxy().start(config);
    }

    @DELETE
    @Summary("Stop the proxy; open connections are closed")
    public ProxyStatus stop() {
        WebProxy p = proxy();
        p.stop();
        return p.status();
    }

    @GET
    @Path("users")
    @Summary("The proxy's users (names only)")
    public List<String> users() {
        return proxy().users();
    }

    @PUT
    @Path("users/{name}")
    @Consumes(APPLICATION_JSON)
    @Summary("Add a user or change its password, body {\"password\"}; effective at once")
    public List<String> putUser(@PathParam("name") String name, PasswordBody body) {
        if (body == null || body.password() == null || body.password().isEmpty()) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "body must be {\"password\": \"...\"}");
        }
        WebProxy p = proxy();
        p.putUser(name, body.password().toCharArray());
        return p.users();
    }

    @DELETE
    @Path("users/{name}")
    @Summary("Remove a user; effective at once")
    public List<String> removeUser(@PathParam("name") String name) {
        WebProxy p = proxy();
        if (!p.removeUser(name)) {
            throw new PlatformException(ErrorCode.NOT_FOUND, "no proxy user " + name);
        }
        return p.users();
    }
}
