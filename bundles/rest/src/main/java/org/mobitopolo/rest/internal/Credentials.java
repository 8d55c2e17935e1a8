package org.mobitopolo.rest.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;
import javax.ws.rs.core.Cookie;

/**
 * Where a request carries its session: {@code Authorization: Bearer TOKEN}, or the cookie
 * {@value #SESSION_COOKIE} that a browser sends by itself, which therefore needs the CSRF check: a
 * state-changing request must repeat the cookie {@value #CSRF_COOKIE} in the header
 * {@value #CSRF_HEADER} (double submit; pages of other sites can neither read the cookie nor set the header).
 *
 * @param token the token, or {@code null} when the request carries none
 * @param fromCookie whether it came in the cookie
 * @param malformedHeader whether an {@code Authorization} header of another scheme was sent
 */
record Credentials(String token, boolean fromCookie, boolean malformedHeader) {
    static final String SESSION_COOKIE = "mobi_session";
    static final String CSRF_COOKIE = "mobi_csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String BEARER = "Bearer ";

    /** The credentials of a request with this {@code Authorization} header and these cookies. */
    static Credentials of(String authorization, Map<String, Cookie> cookies) {
        return of(authorization, name -> cookies.get(name) == null ? null : cookies.get(name).getValue());
    }

    /** @param cookie a cookie's value by its name, {@code null} when the request has none of it */
    static Credentials of(String authorization, Function<String, String> cookie) {
        if (authorization != null) {
            if (authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                return new Credentials(authorization.substring(BEARER.length()).trim(), false, false);
            }
            return new Credentials(null, false, true);
        }
        String session = cookie.apply(SESSION_COOKIE);
        return session == null || session.isEmpty()
                ? new Credentials(null, false, false)
                : new Credentials(session, true, false);
    }

    boolean present() {
        return token != null || malformedHeader;
    }

    /**
     * The CSRF value of a session's cookie: derived from its token, so that it needs no storage and a
     * cookie planted by someone without the token does not match.
     */
    static String csrf(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("mobitopolo-csrf:" + token).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Whether a cookie-borne request proves it comes from our own pages: header, cookie and token agree. */
    boolean csrfMatches(String header, Function<String, String> cookie) {
        String value = cookie.apply(CSRF_COOKIE);
        if (header == null || value == null || !header.equals(value)) {
            return false;
        }
        return MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), csrf(token).getBytes(StandardCharsets.UTF_8));
    }

    /** Never the token. */
    @Override
    public String toString() {
        return "Credentials[" + (token == null ? "none" : fromCookie ? "cookie" : "bearer") + "]";
    }
}
