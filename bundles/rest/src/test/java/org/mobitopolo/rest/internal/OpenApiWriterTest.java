package org.mobitopolo.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import org.junit.jupiter.api.Test;

class OpenApiWriterTest {
    enum Color { RED, GREEN }

    record Tag(String name, Color color) {}

    record Item(String id, long size, boolean ready, List<Tag> tags, Map<String, Integer> counts, Item parent) {}

    @Path("items")
    @Produces("application/json")
    static class ItemResource {
        @GET
        @Summary("All items")
        public List<Item> list(@QueryParam("limit") @DefaultValue("10") int limit) {
            return List.of();
        }

        @POST
        @Consumes("application/json")
        public Item create(Item item) {
            return item;
        }

        @DELETE
        @Path("{id}")
        public void delete(@PathParam("id") String id) {}

        @PUT
        @Path("{id}/content")
        @Consumes("*/*")
        public javax.ws.rs.core.Response upload(@PathParam("id") String id, @Context HttpHeaders headers, InputStream body) {
            return null;
        }

        @GET
        @Path("changes")
        @Produces("text/event-stream")
        public void changes(@Context javax.ws.rs.sse.SseEventSink sink) {}

        public String notAResourceMethod() {
            return "";
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Map<String, Object> doc, String... keys) {
        Object node = doc;
        for (String k : keys) {
            node = ((Map<String, Object>) node).get(k);
        }
        return (Map<String, Object>) node;
    }

    @Test
    void describesEveryResourceMethodUnderTheBase() {
        Map<String, Object> doc = new OpenApiWriter().add("/api/v1", ItemResource.class).document("T", "1");
        assertEquals("3.0.3", doc.get("openapi"));
        assertEquals(List.of("/api/v1/items", "/api/v1/items/changes", "/api/v1/items/{id}",
                "/api/v1/items/{id}/content"), List.copyOf(at(doc, "paths").keySet()));
        assertEquals(List.of("get", "post"), List.copyOf(at(doc, "paths", "/api/v1/items").keySet()));
        assertEquals("All items", at(doc, "paths", "/api/v1/items", "get").get("summary"));
        assertEquals("ItemResource.create", at(doc, "paths", "/api/v1/items", "post").get("operationId"));
        assertTrue(at(doc, "paths", "/api/v1/items/{id}", "delete", "responses").containsKey("204"));
    }

    @Test
    void describesParametersAndBodies() {
        Map<String, Object> doc = new OpenApiWriter().add("/api/v1", ItemResource.class).document("T", "1");
        Map<String, Object> query = ((List<Map<String, Object>>) (Object) at(doc, "paths", "/api/v1/items", "get")
                .get("parameters")).get(0);
        assertEquals("limit", query.get("name"));
        assertEquals("query", query.get("in"));
        assertEquals(Map.of("type", "integer", "format", "int32", "default", "10"), query.get("schema"));
        assertEquals(Map.of("$ref", "#/components/schemas/Item"),
                at(doc, "paths", "/api/v1/items", "post", "requestBody", "content", "application/json").get("schema"));
        assertEquals(Map.of("$ref", "#/components/schemas/Problem"),
                at(doc, "paths", "/api/v1/items", "post", "responses", "default", "content", "application/problem+json")
                        .get("schema"));
    }

    @Test
    void aRawBodyIsBinaryAndContextParametersAreNoParameters() {
        Map<String, Object> doc = new OpenApiWriter().add("/api/v1", ItemResource.class).document("T", "1");
        Map<String, Object> put = at(doc, "paths", "/api/v1/items/{id}/content", "put");
        assertEquals(Map.of("type", "string", "format", "binary"), at(put, "requestBody", "content", "*/*").get("schema"));
        assertEquals(1, ((List<?>) put.get("parameters")).size());
    }

    @Test
    void recordsBecomeSchemasRecursively() {
        Map<String, Object> doc = new OpenApiWriter().add("/api/v1", ItemResource.class).document("T", "1");
        Map<String, Object> item = at(doc, "components", "schemas", "Item", "properties");
        assertEquals(Map.of("type", "integer", "format", "int64"), item.get("size"));
        assertEquals(Map.of("type", "array", "items", Map.of("$ref", "#/components/schemas/Tag")), item.get("tags"));
        assertEquals(Map.of("type", "object", "additionalProperties", Map.of("type", "integer", "format", "int32")),
                item.get("counts"));
        assertEquals(Map.of("$ref", "#/components/schemas/Item"), item.get("parent"));
        assertEquals(Map.of("type", "string", "enum", List.of("RED", "GREEN")),
                at(doc, "components", "schemas", "Tag", "properties").get("color"));
        assertTrue(at(doc, "components", "schemas").containsKey("Problem"));
    }

    @Test
    void anEventStreamIsAnsweredAsOneRatherThanNoContent() {
        Map<String, Object> doc = new OpenApiWriter().add("/api/v1", ItemResource.class).document("T", "1");
        Map<String, Object> responses = at(doc, "paths", "/api/v1/items/changes", "get", "responses");
        assertEquals(Map.of("type", "string"), at(responses, "200", "content", "text/event-stream").get("schema"));
        assertTrue(!responses.containsKey("204"));
    }
}
