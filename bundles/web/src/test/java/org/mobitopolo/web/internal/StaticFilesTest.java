package org.mobitopolo.web.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class StaticFilesTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private final StaticFiles files = StaticFiles.of(Map.of(
            "index.html", utf8("<!doctype html><title>x</title>"),
            "app.js", utf8("export const a = 1;".repeat(100)),
            "app.css", utf8("body{}"),
            "notes.txt", utf8("not served"),
            "Secret.JS", utf8("not served either")));

    @Test
    void theRootIsThePageAndNamesAreTheirFiles() {
        assertEquals("index.html", files.find("/").orElseThrow().name());
        assertEquals("index.html", files.find("").orElseThrow().name());
        assertEquals("text/javascript; charset=utf-8", files.find("/app.js").orElseThrow().contentType());
        assertEquals("text/css; charset=utf-8", files.find("/app.css").orElseThrow().contentType());
        assertEquals("text/html; charset=utf-8", files.find("/index.html").orElseThrow().contentType());
    }

    @Test
    void nothingElseIsReachable() {
        assertTrue(files.find("/notes.txt").isEmpty());
        assertTrue(files.find("/Secret.JS").isEmpty());
        assertTrue(files.find("/../app.js").isEmpty());
        assertTrue(files.find("/api/v1/vms").isEmpty());
        assertTrue(files.find("/web/app.js").isEmpty());
        assertTrue(files.find("/missing.js").isEmpty());
        assertEquals(3, files.all().size());
    }

    @Test
    void theCompressedCopyInflatesToTheFile() throws IOException {
        StaticFiles.File js = files.find("/app.js").orElseThrow();
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(js.gzipped()))) {
            assertArrayEquals(js.bytes(), in.readAllBytes());
        }
        assertTrue(js.gzipped().length < js.bytes().length, "a repetitive file compresses");
        long sum = files.all().values().stream().mapToLong(f -> f.gzipped().length).sum();
        assertEquals(sum, files.gzippedBytes());
    }

    @Test
    void theEtagFollowsTheContent() {
        String before = files.find("/app.css").orElseThrow().etag();
        String same = StaticFiles.of(Map.of("app.css", utf8("body{}"))).find("/app.css").orElseThrow().etag();
        String changed = StaticFiles.of(Map.of("app.css", utf8("body{color:red}"))).find("/app.css").orElseThrow().etag();
        assertEquals(before, same);
        assertNotEquals(before, changed);
        assertTrue(before.startsWith("\"") && before.endsWith("\""), "an ETag is a quoted string");
    }
}
