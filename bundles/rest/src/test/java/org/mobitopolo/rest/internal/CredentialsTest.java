package org.mobitopolo.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CredentialsTest {
    private static final String TOKEN = "A".repeat(43);

    private static Function<String, String> cookies(String... nameValues) {
        var m = new HashMap<String, String>();
        for (int i = 0; i < nameValues.length; i += 2) {
            m.put(nameValues[i], nameValues[i + 1]);
        }
        return m::get;
    }

    @Test
    void theBearerHeaderWinsOverTheCookie() {
        Credentials c = Credentials.of("Bearer " + TOKEN, cookies(Credentials.SESSION_COOKIE, "other"));
        assertEquals(TOKEN, c.token());
        assertFalse(c.fromCookie());
        assertEquals(TOKEN, Credentials.of("bearer  " + TOKEN, cookies()).token());
    }

    @Test
    void theCookieIsUsedWithoutAHeaderAndOtherSchemesAreMalformed() {
        Credentials c = Credentials.of(null, cookies(Credentials.SESSION_COOKIE, TOKEN));
        assertEquals(TOKEN, c.token());
        assertTrue(c.fromCookie());
        Credentials basic = Credentials.of("Basic YWRtaW46YWRtaW4=", cookies());
        assertTrue(basic.present());
        assertTrue(basic.malformedHeader());
        assertNull(basic.token());
        assertFalse(Credentials.of(null, cookies()).present());
        assertFalse(Credentials.of(null, cookies(Credentials.SESSION_COOKIE, "")).present());
    }

    @Test
    void csrfNeedsHeaderCookieAndTokenToAgree() {
        String csrf = Credentials.csrf(TOKEN);
        assertNotEquals(csrf, Credentials.csrf("B".repeat(43)));
        Credentials c = Credentials.of(null, cookies(Credentials.SESSION_COOKIE, TOKEN, Credentials.CSRF_COOKIE, csrf));
        assertTrue(c.csrfMatches(csrf, cookies(Credentials.SESSION_COOKIE, TOKEN, Credentials.CSRF_COOKIE, csrf)));
        assertFalse(c.csrfMatches(null, cookies(Credentials.CSRF_COOKIE, csrf)));
        assertFalse(c.csrfMatches(csrf, cookies()));
        // a planted pair that agrees with itself but not with the session's token
        assertFalse(c.csrfMatches("planted", cookies(Credentials.CSRF_COOKIE, "planted")));
    }

    @Test
    void neverPrintsTheToken() {
        assertFalse(Credentials.of("Bearer " + TOKEN, cookies()).toString().contains(TOKEN));
    }
}
