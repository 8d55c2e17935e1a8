package org.mobitopolo.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedHashMap;
import org.junit.jupiter.api.Test;
import org.mobitopolo.api.host.DefaultRoute;
import org.mobitopolo.api.platform.FeatureInfo;
import org.mobitopolo.rest.internal.FeatureResource.FeatureChange;

class JsonProviderTest {
    private static final MediaType JSON = new MediaType("application", "json");
    private final JsonProvider provider = new JsonProvider();

    @Test
    void writesRecordsByComponentName() throws IOException {
        String json = write(new DefaultRoute("192.0.2.1", "eth0", 1400, List.of("192.0.2.2/24")), JSON);
        assertEquals("{\"gateway\":\"192.0.2.1\",\"interfaceName\":\"eth0\",\"mtu\":1400,\"addresses\":[\"192.0.2.2/24\"]}",
                json);
    }

    @Test
    void writesProblemJson() throws IOException {
        MediaType problemJson = new MediaType("application", "problem+json");
        assertTrue(provider.isWriteable(Problem.class, Problem.class, new Annotation[0], problemJson));
        String json = write(new Problem("about:blank", "Not Found", 404, "no VM vm9", "/api/v1/vms/vm9"), problemJson);
        assertEquals(404, new ObjectMapper().readTree(json).get("status").asInt());
    }

    @Test
    void readsSingleFieldRecords() throws IOException {
        assertEquals(new FeatureChange(true), read("{\"installed\": true}", FeatureChange.class));
        assertEquals(new FeatureChange(null), read("{}", FeatureChange.class));
    }

    @Test
    void refusesUnknownFieldsNamingThem() {
        var e = assertThrows(UnrecognizedPropertyException.class, () -> read("{\"install\": true}", FeatureChange.class));
        assertEquals("install", e.getPropertyName());
    }

    @Test
    void roundTripsApiRecords() throws IOException {
        FeatureInfo f = new FeatureInfo("mobitopolo-host", "0.1.0", "Host facts", true, false);
        assertEquals(f, read(write(f, JSON), FeatureInfo.class));
    }

    @Test
    void readsABodyUpToItsLimitAndRefusesALargerOneAsItComes() throws IOException {
        String big = "x".repeat((int) JsonProvider.MAX_BODY_BYTES - 2);
        assertEquals(big.length(), read("\"" + big + "\"", String.class).length());

        // inside a record's field too, where Jackson wraps what the stream throws
        String tooBig = "{\"installed\": \"" + "x".repeat((int) JsonProvider.MAX_BODY_BYTES) + "\"}";
        BoundedBody.TooLarge e = assertThrows(BoundedBody.TooLarge.class, () -> read(tooBig, FeatureChange.class));
        Problem p = Problems.of(e, "/api/v1/experiments");
        assertEquals(413, p.status());
        assertEquals("a JSON body is at most 4 MiB", p.detail());
    }

    private String write(Object value, MediaType type) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        provider.writeTo(value, value.getClass(), value.getClass(), new Annotation[0], type, new MultivaluedHashMap<>(), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private <T> T read(String json, Class<T> type) throws IOException {
        return (T) provider.readFrom((Class) type, type, new Annotation[0], JSON, new MultivaluedHashMap<>(),
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }
}
