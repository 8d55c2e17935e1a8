package org.mobitopolo.transfer.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.vm.SnapshotFile;

/**
 * The host a snapshot or an image is fetched from, over its REST endpoint: the listing of a snapshot's
 * files or an image's one, and each file from an offset on ({@code Range: bytes=OFFSET-}).
 */
final class SourceHost {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    /** A listing may wait for the source to hash a base image it never listed before: gigabytes. */
    private static final Duration LISTING_TIMEOUT = Duration.ofMinutes(10);

    private final HttpClient http;
    private final URI from;
    private final Optional<String> authorization;
    private final Duration timeout;

    /**
     * @param authorization the {@code Authorization} header this host presents to the source, if it keeps a credential for it
     * @param timeout how long the source may take to answer a file's request
     */
    SourceHost(HttpClient http, URI from, Optional<String> authorization, Duration timeout) {
        this.http = http;
        this.from = from;
        this.authorization = authorization;
        this.timeout = timeout;
    }

    /** A file's body from {@code offset} on, and where it really starts: 0 when the source sent it whole. */
    record Body(long offset, InputStream in) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    Listing listing(String snapshot) throws InterruptedException {
        return Listing.parse(read(Kind.SNAPSHOT, snapshot), snapshot, from.toString());
    }

    /** What the source says of an image file: its size, time and sum, as the listing entry {@value Listing#IMAGE}. */
    SnapshotFile image(String image) throws InterruptedException {
        return Listing.image(read(Kind.IMAGE, image), image, from.toString());
    }

    private JsonNode read(Kind kind, String name) throws InterruptedException {
        HttpResponse<InputStream> r = send(from.resolve(kind.exportPath(name, null)), -1, LISTING_TIMEOUT,
                "the listing of " + kind.word + " " + name);
        try (InputStream in = r.body()) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.FAILED, "source " + from + " sent no readable listing of " + kind.word + " "
                    + name + ": " + e.getMessage(), e);
        }
    }

    /** The body of a file of the listing of what {@code t} fetches, from {@code offset} on. */
    Body open(Transfer t, String file, long offset, long size) throws InterruptedException {
        HttpResponse<InputStream> r = send(from.resolve(t.kind.exportPath(t.name, file)), offset, timeout,
                "file " + file + " of " + t.what());
        if (r.statusCode() == 200) {
            return new Body(0, r.body());
        }
        long start = contentRangeStart(r.headers().firstValue("Content-Range").orElse(""), size);
        if (start != offset) {
            close(r);
            throw new PlatformException(ErrorCode.FAILED, "source " + from + " sent file " + file + " of " + t.what()
                    + " from byte " + start + ", not " + offset + " as asked");
        }
        return new Body(start, r.body());
    }

    /**
     * Where a 206 answer's {@code Content-Range: bytes START-END/SIZE} starts; -1 when it is no range
     * of a file of {@code size} bytes running to its end.
     */
    static long contentRangeStart(String header, long size) {
        Matcher m = CONTENT_RANGE.matcher(header.strip());
        if (!m.matches()) {
            return -1;
        }
        long start = Long.parseLong(m.group(1));
        long end = Long.parseLong(m.group(2));
        boolean sized = m.group(3).equals("*") || Long.parseLong(m.group(3)) == size;
        return sized && end == size - 1 && start <= end ? start : -1;
    }

    private HttpResponse<InputStream> send(URI uri, long offset, Duration wait, String what) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(wait).GET();
        authorization.ifPresent(a -> request.header("Authorization", a));
        if (offset > 0) {
            request.header("Range", "bytes=" + offset + "-");
        }
        HttpResponse<InputStream> r;
        try {
            r = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.UNAVAILABLE, "source " + from + " unreachable for " + what + ": "
                    + reason(e), e);
        }
        int status = r.statusCode();
        if (status == 200 || status == 206 && offset > 0) {
            return r;
        }
        String detail = detail(r);
        String message = "source " + from + " refused " + what + " (HTTP " + status + "): " + detail + advice(status);
        // not the caller's 401 or 403 here, nor a failure of this host: the source's refusal, passed on
        throw new PlatformException(status == 404 ? ErrorCode.NOT_FOUND : status == 503 ? ErrorCode.UNAVAILABLE
                : ErrorCode.BAD_GATEWAY, message);
    }

    private static String reason(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection within the timeout";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within the timeout";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** A problem's detail, or the start of whatever else the source answered. */
    private static String detail(HttpResponse<InputStream> r) {
        try (InputStream in = r.body()) {
            byte[] body = in.readNBytes(4096);
            try {
                JsonNode problem = JSON.readTree(body);
                if (problem != null && problem.hasNonNull("detail")) {
                    return problem.get("detail").asText();
                }
            } catch (IOException notJson) {
                // the body as it came
            }
            return new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "no readable answer";
        }
    }

    private static void close(HttpResponse<InputStream> r) {
        try {
            r.body().close();
        } catch (IOException ignored) {
            // refused already
        }
    }

    /** What to do when the source refuses this host's credential, or its lack of one. */
    private String advice(int status) {
        String fix = "issue a peer token on the source (mobi:peer-token NAME there) and keep it here "
                + "(mobi:peer-add " + from + " TOKEN)";
        if (status == 401) {
            return authorization.isEmpty() ? "; this host holds no credential for it: " + fix
                    : "; it no longer accepts this host's credential: " + fix;
        }
        return status == 403 ? "; this host's credential there lacks the role: " + fix : "";
    }
}
