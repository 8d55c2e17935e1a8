package org.mobitopolo.rest.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.ws.rs.Consumes;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * Describes JAX-RS resource classes as an OpenAPI 3.0 document, read from their annotations and
 * method signatures; records become object schemas under {@code components/schemas}.
 */
final class OpenApiWriter {
    private final Map<String, Object> paths = new TreeMap<>();
    private final Map<String, Object> schemas = new TreeMap<>();

    /** Adds every resource method of a class served under {@code base}, e.g. {@code /api/v1}. */
    OpenApiWriter add(String base, Class<?> resource) {
        String classPath = pathOf(resource.getAnnotation(javax.ws.rs.Path.class));
        for (Method m : resource.getMethods()) {
            String verb = httpMethod(m);
            if (verb == null) {
                continue;
            }
            String path = base + classPath + pathOf(m.getAnnotation(javax.ws.rs.Path.class));
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(path, p -> new TreeMap<>());
            item.put(verb.toLowerCase(), operation(resource, m));
        }
        return this;
    }

    Map<String, Object> document(String title, String version) {
        schemas.put("Problem", schemaOf(Problem.class));
        return map("openapi", "3.0.3",
                "info", map("title", title, "version", version),
                "paths", paths,
                "components", map("schemas", schemas));
    }

    private Map<String, Object> operation(Class<?> resource, Method m) {
        Map<String, Object> op = new LinkedHashMap<>();
        Summary summary = m.getAnnotation(Summary.class);
        op.put("summary", summary == null ? m.getName() : summary.value());
        op.put("operationId", resource.getSimpleName() + "." + m.getName());
        List<Object> params = new ArrayList<>();
        for (Parameter p : m.getParameters()) {
            PathParam path = p.getAnnotation(PathParam.class);
            QueryParam query = p.getAnnotation(QueryParam.class);
            if (path != null) {
                params.add(map("name", path.value(), "in", "path", "required", true,
                        "schema", schemaOf(p.getParameterizedType())));
            } else if (query != null) {
                DefaultValue def = p.getAnnotation(DefaultValue.class);
                Map<String, Object> schema = new LinkedHashMap<>(schemaOf(p.getParameterizedType()));
                if (def != null) {
                    schema.put("default", def.value());
                }
                params.add(map("name", query.value(), "in", "query", "required", false, "schema", schema));
            } else if (p.getAnnotations().length == 0) {
                op.put("requestBody", map("required", true,
                        "content", content(consumes(resource, m),
                                schemaOf(p.getParameterizedType()))));
            }
        }
        if (!params.isEmpty()) {
            op.put("parameters", params);
        }
        Map<String, Object> responses = new LinkedHashMap<>();
        Type returns = m.getGenericReturnType();
        if (returns instanceof ParameterizedType async && async.getRawType() == CompletionStage.class) {
            returns = async.getActualTypeArguments()[0]; // answered when the stage completes, no thread held meanwhile
        }
        if (produces(resource, m).contains(MediaType.SERVER_SENT_EVENTS)) {
            // a void method that keeps writing to its SseEventSink
            responses.put("200", map("description", "a stream of events, until the client or the session ends it",
                    "content", content(List.of(MediaType.SERVER_SENT_EVENTS), map("type", "string"))));
        } else if (returns == void.class) {
            responses.put("204", map("description", "done"));
        } else if (returns == Response.class) {
            responses.put("200", map("description", "success"));
        } else {
            responses.put("200", map("description", "success",
                    "content", content(produces(resource, m),
                            schemaOf(returns))));
        }
        responses.put("default", map("description", "error",
                "content", content(List.of(Problem.MEDIA_TYPE), ref("Problem"))));
        op.put("responses", responses);
        return op;
    }

    private Map<String, Object> schemaOf(Type type) {
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                return map("type", "array", "items", schemaOf(args[0]));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return map("type", "object", "additionalProperties", schemaOf(args[1]));
            }
            if (raw == Optional.class) {
                return schemaOf(args[0]);
            }
            return schemaOf(raw);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            return map("type", "string");
        }
        if (c == java.io.InputStream.class) {
            return map("type", "string", "format", "binary"); // a raw body, e.g. an image
        }
        if (c == int.class || c == Integer.class || c == short.class || c == Short.class) {
            return map("type", "integer", "format", "int32");
        }
        if (c == long.class || c == Long.class) {
            return map("type", "integer", "format", "int64");
        }
        if (c == double.class || c == Double.class || c == float.class || c == Float.class) {
            return map("type", "number");
        }
        if (c == boolean.class || c == Boolean.class) {
            return map("type", "boolean");
        }
        if (c.isEnum()) {
            return map("type", "string", "enum", Stream.of(c.getEnumConstants()).map(Object::toString).toList());
        }
        if (c.isRecord()) {
            if (!schemas.containsKey(c.getSimpleName())) {
                schemas.put(c.getSimpleName(), Map.of()); // placeholder stops recursion on cycles
                Map<String, Object> props = new LinkedHashMap<>();
                for (RecordComponent rc : c.getRecordComponents()) {
                    props.put(rc.getName(), schemaOf(rc.getGenericType()));
                }
                schemas.put(c.getSimpleName(), map("type", "object", "properties", props));
            }
            return ref(c.getSimpleName());
        }
        return map("type", "object");
    }

    private static Map<String, Object> ref(String schema) {
        return map("$ref", "#/components/schemas/" + schema);
    }

    private static Map<String, Object> content(List<String> mediaTypes, Map<String, Object> schema) {
        Map<String, Object> content = new LinkedHashMap<>();
        mediaTypes.forEach(t -> content.put(t, map("schema", schema)));
        return content;
    }

    private static List<String> produces(Class<?> resource, Method m) {
        Produces p = m.isAnnotationPresent(Produces.class) ? m.getAnnotation(Produces.class) : resource.getAnnotation(Produces.class);
        return p == null ? List.of(MediaType.APPLICATION_JSON) : List.of(p.value());
    }

    private static List<String> consumes(Class<?> resource, Method m) {
        Consumes c = m.isAnnotationPresent(Consumes.class) ? m.getAnnotation(Consumes.class) : resource.getAnnotation(Consumes.class);
        return c == null ? List.of(MediaType.APPLICATION_JSON) : List.of(c.value());
    }

    private static String httpMethod(Method m) {
        return Stream.of(m.getAnnotations())
                .map(a -> a.annotationType().getAnnotation(HttpMethod.class))
                .filter(h -> h != null)
                .map(HttpMethod::value)
                .findFirst()
                .orElse(null);
    }

    private static String pathOf(javax.ws.rs.Path path) {
        if (path == null || path.value().isEmpty() || path.value().equals("/")) {
            return "";
        }
        String p = path.value();
        return (p.startsWith("/") ? p : "/" + p).replaceAll("/$", "");
    }

    /** An insertion-ordered map from alternating keys and values. */
    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
