package org.mobitopolo.rest.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.sse.OutboundSseEvent;
import javax.ws.rs.sse.Sse;
import javax.ws.rs.sse.SseEventSink;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.security.Session;
import org.mobitopolo.api.security.Sessions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands every OSGi event the platform posts under {@code org/mobitopolo/} to the open
 * {@code /api/v1/events} streams: {@code event: TOPIC} and {@code data:} its properties as one JSON
 * object. Every {@value #HEARTBEAT_SECONDS} s each stream gets a comment (so dead clients are noticed
 * and proxies keep it open) and streams whose session has ended (logged out, revoked, expired) are closed.
 */
@Component(service = {EventFeed.class, EventHandler.class},
        property = EventConstants.EVENT_TOPIC + "=org/mobitopolo/*")
public final class EventFeed implements EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(EventFeed.class);
    static final int HEARTBEAT_SECONDS = 15;
    /** Open streams at most: each holds a connection and a buffer. */
    static final int MAX_STREAMS = 256;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An open stream: where to write, how to build its events, and whose session it belongs to. */
    private record Stream(SseEventSink sink, Sse sse, Session session) {}

    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mobitopolo-events-heartbeat");
        t.setDaemon(true);
        return t;
    });

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Sessions sessions;

    @Activate
    void activate() {
        heartbeat.scheduleWithFixedDelay(this::beat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        heartbeat.shutdownNow();
        streams.forEach(s -> s.sink().close());
        streams.clear();
    }

    /** Adds a stream and tells its client it is open (the headers go out with that first comment). */
    void open(SseEventSink sink, Sse sse, Session session) {
        if (streams.size() >= MAX_STREAMS) {
            throw new PlatformException(ErrorCode.UNAVAILABLE, "too many open event streams (" + MAX_STREAMS + "); try again later");
        }
        Stream stream = new Stream(sink, sse, session);
        streams.add(stream);
        send(stream, sse.newEventBuilder().comment("mobitopolo events").build());
    }

    int openStreams() {
        return streams.size();
    }

    @Override
    public void handleEvent(Event event) {
        if (streams.isEmpty()) {
            return;
        }
        String data = data(event);
        for (Stream s : streams) {
            send(s, s.sse().newEventBuilder().name(event.getTopic()).mediaType(MediaType.TEXT_PLAIN_TYPE).data(data).build());
        }
    }

    /** An event's properties as one JSON object, without EventAdmin's own {@code event.topics}. */
    static String data(Event event) {
        Map<String, Object> props = new TreeMap<>();
        for (String name : event.getPropertyNames()) {
            if (!name.equals(EventConstants.EVENT_TOPIC)) {
                Object v = event.getProperty(name);
                // scalars as they are, lists and maps (of scalars) as JSON arrays and objects, the rest as text
                boolean json = v == null || v instanceof Number || v instanceof Boolean || v instanceof Collection || v instanceof Map;
                props.put(name, json ? v : String.valueOf(v));
            }
        }
        try {
            return JSON.writeValueAsString(props);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("strings, numbers, booleans, lists and maps always serialize", e);
        }
    }

    private void beat() {
        if (streams.isEmpty()) {
            return; // no store query for nobody
        }
        try {
            Sessions s = sessions;
            Set<String> open = s == null ? null : s.list().stream().map(Session::id).collect(Collectors.toSet());
            Instant now = Instant.now();
            for (Stream stream : streams) {
                if (stream.sink().isClosed()) {
                    streams.remove(stream);
                } else if ((open != null && !open.contains(stream.session().id())) || now.isAfter(stream.session().expires())) {
                    streams.remove(stream);
                    stream.sink().send(stream.sse().newEventBuilder().name("session-ended")
                            .data("{\"detail\":\"the session has ended; log in again\"}").build())
                            .whenComplete((ok, e) -> stream.sink().close());
                } else {
                    send(stream, stream.sse().newEventBuilder().comment("keep-alive").build());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Event stream heartbeat failed: {}", e.getMessage()); // the store may be away for a moment
        }
    }

    private void send(Stream stream, OutboundSseEvent event) {
        if (stream.sink().isClosed()) {
            streams.remove(stream);
            return;
        }
        stream.sink().send(event).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.debug("Event stream of {} closed: {}", stream.session().user(), failure.getMessage());
                streams.remove(stream);
                stream.sink().close();
            }
        });
    }
}
