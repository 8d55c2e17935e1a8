package org.mobitopolo.rest.internal;

import static javax.ws.rs.core.MediaType.APPLICATION_JSON;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.jaxrs.json.JacksonJsonProvider;
import javax.ws.rs.ext.MessageBodyReader;
import javax.ws.rs.ext.MessageBodyWriter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsMediaType;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * Jackson's JAX-RS provider for the Mobitopolo application: reads and writes {@code application/json}
 * and {@code application/problem+json}, records included, and refuses unknown fields in bodies.
 */
@Component(service = {MessageBodyReader.class, MessageBodyWriter.class})
@JaxrsExtension
@JaxrsName("mobitopolo-json")
@JaxrsMediaType(APPLICATION_JSON)
@JaxrsApplicationSelect(MobitopoloApplication.SELECT)
public final class JsonProvider extends JacksonJsonProvider {
    public JsonProvider() {
        super(JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build());
    }
}
