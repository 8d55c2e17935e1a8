package org.mobitopolo.rest.internal;

import static javax.ws.rs.core.MediaType.APPLICATION_JSON;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.jaxrs.json.JacksonJsonProvider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.ext.MessageBodyReader;
import javax.ws.rs.ext.MessageBodyWriter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsMediaType;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * Jackson's JAX-RS provider for the Mobitopolo application: reads and writes {@code application/json}
 * and {@code application/problem+json}, records included, and refuses unknown fields in bodies and
 * bodies over {@link #MAX_BODY_BYTES} (as they are read).
 */
@Component(service = {MessageBodyReader.class, MessageBodyWriter.class})
@JaxrsExtension
@JaxrsName("mobitopolo-json")
@JaxrsMediaType(APPLICATION_JSON)
@JaxrsApplicationSelect(MobitopoloApplication.SELECT)
public final class JsonProvider extends JacksonJsonProvider {
    /**
     * The largest JSON body read: above the largest any resource takes (an experiment's files, 1 MiB,
     * escaped in JSON strings), far below what would strain the heap.
     */
    static final long MAX_BODY_BYTES = 4L << 20;

    public JsonProvider() {
        super(JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build());
    }

    @Override
    public Object readFrom(Class<Object> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, String> httpHeaders, InputStream entityStream) throws IOException {
        BoundedBody body = new BoundedBody(entityStream, MAX_BODY_BYTES);
        try {
            return super.readFrom(type, genericType, annotations, mediaType, httpHeaders, body);
        } catch (IOException | RuntimeException e) {
            if (body.exceeded()) { // however Jackson wrapped the failed read
                throw new BoundedBody.TooLarge(MAX_BODY_BYTES);
            }
            throw e;
        }
    }
}
