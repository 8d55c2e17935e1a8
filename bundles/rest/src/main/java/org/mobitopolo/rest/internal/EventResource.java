package org.mobitopolo.rest.internal;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.sse.Sse;
import javax.ws.rs.sse.SseEventSink;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/v1/events}: the platform's OSGi events as Server-Sent Events, for the dashboard and for
 * scripts ({@code curl -N -H "Authorization: Bearer TOKEN" .../api/v1/events}). Needs a session like
 * every other resource (a viewer's is enough); the stream ends when the session does.
 */
@Component(service = EventResource.class)
@JaxrsResource
@JaxrsApplicationSelect(MobitopoloApplication.SELECT)
@JSONRequired
@Path("events")
public final class EventResource {
    private final EventFeed feed;

    @Activate
    public EventResource(@Reference EventFeed feed) {
        this.feed = feed;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Summary("The platform's events as they happen (text/event-stream): event: TOPIC, e.g. org/mobitopolo/vm/STATE "
            + "or org/mobitopolo/migration/PROGRESS, and data: its properties as a JSON object")
    public void stream(@Context SseEventSink sink, @Context Sse sse, @Context SecurityContext security) {
        if (!(security.getUserPrincipal() instanceof SessionPrincipal caller)) {
            throw new PlatformException(ErrorCode.UNAUTHORIZED, "this request came without a session; log in with POST /api/v1/sessions");
        }
        feed.open(sink, sse, caller.session());
    }
}
