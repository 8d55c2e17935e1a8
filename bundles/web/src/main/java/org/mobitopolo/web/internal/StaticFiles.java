package org.mobitopolo.web.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * The dashboard's files, read once when the bundle starts: each with its type, its bytes as they are
 * and gzip-compressed (compressed once, not per request), and an ETag so that a reload costs a 304.
 * Only these names are served: a request cannot reach anything else of the bundle.
 */
final class StaticFiles {
    /** A name the dashboard uses: flat, lower case, of a type we serve. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*\\.(html|js|css|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");
    static final String INDEX = "index.html";

    /** One file as served. */
    record File(String name, String contentType, byte[] bytes, byte[] gzipped, String etag) {}

    private final Map<String, File> files;

    private StaticFiles(Map<String, File> files) {
        this.files = files;
    }

    /** The files of these names and contents; names the dashboard does not serve are left out. */
    static StaticFiles of(Map<String, byte[]> contents) {
        Map<String, File> files = new TreeMap<>();
        contents.forEach((name, bytes) -> {
            if (NAME.matcher(name).matches()) {
                String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
                files.put(name, new File(name, type, bytes.clone(), gzip(bytes), etag(bytes)));
            }
        });
        return new StaticFiles(files);
    }

    /** The file a request path asks for: {@code /} is the page itself. */
    Optional<File> find(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return Optional.ofNullable(files.get(INDEX));
        }
        String name = path.startsWith("/") ? path.substring(1) : path;
        return NAME.matcher(name).matches() ? Optional.ofNullable(files.get(name)) : Optional.empty();
    }

    Map<String, File> all() {
        return Map.copyOf(files);
    }

    /** What the whole dashboard weighs on the wire when compressed: every file's gzip size. */
    long gzippedBytes() {
        return files.values().stream().mapToLong(f -> f.gzipped().length).sum();
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
