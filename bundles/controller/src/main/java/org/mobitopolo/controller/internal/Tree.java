package org.mobitopolo.controller.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML or JSON document as maps, lists and scalars that remember their line and column. Jackson's
 * own trees forget where they came from, and its data binding stops at the first problem, so the
 * reader walks the token stream itself.
 */
sealed interface Tree {
    Pos pos();

    /** A line and column, from 1. */
    record Pos(int line, int column) {
        static final Pos NONE = new Pos(0, 0);

        static Pos of(JsonLocation l) {
            return l == null || l.getLineNr() < 1 ? NONE : new Pos(l.getLineNr(), Math.max(1, l.getColumnNr()));
        }
    }

    /** A mapping; its keys in the file's order. */
    record MapT(Pos pos, Map<String, Field> fields) implements Tree {}

    /** One key of a mapping, where the key is, and its value. */
    record Field(String name, Pos pos, Tree value) {}

    /** A sequence. */
    record Seq(Pos pos, List<Tree> items) implements Tree {}

    /** A string, number, boolean or null ({@code token} says which), as written. */
    record Scalar(Pos pos, JsonToken token, String text) implements Tree {
        boolean isNull() {
            return token == JsonToken.VALUE_NULL;
        }
    }

    // One factory each, made once: they are thread-safe and costly to build.
    JsonFactory JSON = new JsonFactory();
    JsonFactory YAML = new YAMLFactory();

    /**
     * Reads a document; a file that starts with {@code {} is read as JSON (YAML would accept most of
     * it too, but JSON's errors name JSON's mistakes). Duplicate keys are reported, the first kept.
     *
     * @return the document's root, or {@code null} when it is malformed or empty (then in {@code problems})
     */
    static Tree parse(String text, Problems problems) {
        JsonFactory f = text.stripLeading().startsWith("{") ? JSON : YAML;
        try (JsonParser p = f.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                problems.add("", Pos.NONE, "the file is empty");
                return null;
            }
            Tree root = value(p, t, "", problems);
            if (p.nextToken() != null) {
                problems.add("", Pos.of(p.currentTokenLocation()), "the file holds more than one document");
            }
            return root;
        } catch (JsonProcessingException e) {
            problems.add("", Pos.of(e.getLocation()), "malformed " + (f == JSON ? "JSON" : "YAML") + ": " + firstLine(e));
            return null;
        } catch (IOException e) {
            // Reading from a String does no I/O; Jackson declares it all the same.
            problems.add("", Pos.NONE, "unreadable: " + e.getMessage());
            return null;
        }
    }

    private static Tree value(JsonParser p, JsonToken t, String path, Problems problems) throws IOException {
        Pos pos = Pos.of(p.currentTokenLocation());
        if (t == JsonToken.START_OBJECT) {
            Map<String, Field> fields = new LinkedHashMap<>();
            for (t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                Pos at = Pos.of(p.currentTokenLocation());
                String sub = path.isEmpty() ? name : path + "." + name;
                Tree v = value(p, p.nextToken(), sub, problems);
                Field old = fields.putIfAbsent(name, new Field(name, at, v));
                if (old != null) {
                    problems.add(sub, at, "duplicate key '" + name + "' (first at line " + old.pos().line() + ")");
                }
            }
            return new MapT(pos, fields);
        }
        if (t == JsonToken.START_ARRAY) {
            List<Tree> items = new ArrayList<>();
            for (t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                items.add(value(p, t, path + "[" + items.size() + "]", problems));
            }
            return new Seq(pos, items);
        }
        return new Scalar(pos, t, t == JsonToken.VALUE_NULL ? "" : p.getText());
    }

    private static String firstLine(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        m = m == null ? e.getClass().getSimpleName() : m.strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl).strip();
    }
}
