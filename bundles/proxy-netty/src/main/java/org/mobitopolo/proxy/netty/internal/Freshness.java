package org.mobitopolo.proxy.netty.internal;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import java.util.Date;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** RFC 9111 for a shared cache: what may be stored, and for how long it is fresh. */
final class Freshness {
    /** Status codes a cache may store without explicit freshness (RFC 9110 §15.1), less the odd ones. */
    private static final Set<Integer> STORABLE = Set.of(200, 203, 300, 301, 308, 404, 410);
    private static final long HEURISTIC_CAP_MILLIS = 24 * 3600_000L;

    private Freshness() {}

    /** Whether a cache may answer this request at all (otherwise it goes upstream untouched). */
    static boolean requestUsesCache(HttpRequest request) {
        HttpHeaders h = request.headers();
        return request.method().equals(HttpMethod.GET) && !directives(h).containsKey("no-store")
                && !h.contains(HttpHeaderNames.AUTHORIZATION) && !h.contains(HttpHeaderNames.RANGE)
                // The client's own validators are its business: answering them needs the origin's view.
                && !h.contains(HttpHeaderNames.IF_NONE_MATCH) && !h.contains(HttpHeaderNames.IF_MODIFIED_SINCE);
    }

    /** Whether the client insists on a check with the origin (no-cache, max-age=0, Pragma: no-cache). */
    static boolean requestWantsRevalidation(HttpHeaders request) {
        Map<String, String> d = directives(request);
        return d.containsKey("no-cache") || "0".equals(d.get("max-age"))
                || request.containsValue(HttpHeaderNames.PRAGMA, "no-cache", true);
    }

    static boolean storable(HttpResponse response) {
        HttpHeaders h = response.headers();
        Map<String, String> d = directives(h);
        if (!STORABLE.contains(response.status().code()) || d.containsKey("no-store") || d.containsKey("private")
                || h.contains(HttpHeaderNames.SET_COOKIE)) {
            return false;
        }
        // We keep one variant per URI; anything that varies is left to the origin.
        if (h.contains(HttpHeaderNames.VARY)) {
            return false;
        }
        return d.containsKey("max-age") || d.containsKey("s-maxage") || h.contains(HttpHeaderNames.EXPIRES)
                || h.contains(HttpHeaderNames.ETAG) || h.contains(HttpHeaderNames.LAST_MODIFIED);
    }

    /** How long a response is fresh from when it was received, counting the age it already had. */
    static long lifetimeMillis(HttpHeaders h) {
        Map<String, String> d = directives(h);
        if (d.containsKey("no-cache")) {
            return 0;
        }
        Long seconds = seconds(d.get("s-maxage"));
        if (seconds == null) {
            seconds = seconds(d.get("max-age"));
        }
        if (seconds != null) {
            return seconds * 1000;
        }
        Date date = date(h, HttpHeaderNames.DATE);
        long now = date == null ? System.currentTimeMillis() : date.getTime();
        if (h.contains(HttpHeaderNames.EXPIRES)) {
            Date expires = date(h, HttpHeaderNames.EXPIRES);
            return expires == null ? 0 : Math.max(0, expires.getTime() - now);
        }
        Date modified = date(h, HttpHeaderNames.LAST_MODIFIED);
        // RFC 9111 §4.2.2's usual heuristic: a tenth of the time since the last change.
        return modified == null ? 0 : Math.min(HEURISTIC_CAP_MILLIS, Math.max(0, (now - modified.getTime()) / 10));
    }

    /** The age the response had when it arrived ({@code Age}), in ms. */
    static long initialAgeMillis(HttpHeaders h) {
        Long s = seconds(h.get(HttpHeaderNames.AGE));
        return s == null ? 0 : s * 1000;
    }

    static Map<String, String> directives(HttpHeaders h) {
        Map<String, String> d = new HashMap<>();
        for (String value : h.getAll(HttpHeaderNames.CACHE_CONTROL)) {
            for (String part : value.split(",")) {
                String p = part.strip().toLowerCase(Locale.ROOT);
                if (p.isEmpty()) {
                    continue;
                }
                int eq = p.indexOf('=');
                d.put(eq < 0 ? p : p.substring(0, eq).strip(), eq < 0 ? "" : p.substring(eq + 1).strip().replace("\"", ""));
            }
        }
        return d;
    }

    private static Long seconds(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Math.max(0, Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Date date(HttpHeaders h, CharSequence name) {
        String v = h.get(name);
        return v == null ? null : DateFormatter.parseHttpDate(v);
    }
}
