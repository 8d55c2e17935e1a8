package org.mobitopolo.proxy.netty.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Access rules, targets and freshness: the small parsers the proxy decides with. */
class RulesTest {
    @Test
    void denyWinsAndAnEmptyAllowListAdmitsTheRest() throws Exception {
        AccessRules r = AccessRules.of(List.of(), List.of("10.1.0.0/16", "::1"));
        assertFalse(r.permits(InetAddress.getByName("10.1.2.3")));
        assertFalse(r.permits(InetAddress.getByName("::1")));
        assertTrue(r.permits(InetAddress.getByName("10.2.0.1")));
        AccessRules only = AccessRules.of(List.of("192.168.0.0/23"), List.of());
        assertTrue(only.permits(InetAddress.getByName("192.168.1.255")));
        assertFalse(only.permits(InetAddress.getByName("192.168.2.0")));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("example.com"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
    }

    @Test
    void absoluteUrisBecomeOriginForm() {
        Target t = Target.ofAbsoluteUri("HTTP://user:pw@Example.COM:8080?x=1#frag");
        assertEquals("example.com", t.host());
        assertEquals(8080, t.port());
        assertEquals("/?x=1", t.originForm());
        assertEquals("example.com:8080", t.hostHeader());
        assertEquals("[::1]", Target.ofAbsoluteUri("http://[::1]/a").hostHeader());
        assertThrows(IllegalArgumentException.class, () -> Target.ofAbsoluteUri("/relative"));
        assertThrows(IllegalArgumentException.class, () -> Target.ofAbsoluteUri("https://host/"));
        assertThrows(IllegalArgumentException.class, () -> Target.ofAuthority("host:99999", 443));
    }

    @Test
    void lifetimeFollowsSMaxAgeThenMaxAgeThenExpiresThenLastModified() {
        HttpHeaders h = new DefaultHttpHeaders().set("Cache-Control", "max-age=60, s-maxage=5");
        assertEquals(5_000, Freshness.lifetimeMillis(h));
        assertEquals(60_000, Freshness.lifetimeMillis(new DefaultHttpHeaders().set("Cache-Control", "max-age=60")));
        long now = System.currentTimeMillis() / 1000 * 1000;
        HttpHeaders expires = new DefaultHttpHeaders().set("Date", DateFormatter.format(new Date(now)))
                .set("Expires", DateFormatter.format(new Date(now + 30_000)));
        assertEquals(30_000, Freshness.lifetimeMillis(expires));
        HttpHeaders modified = new DefaultHttpHeaders().set("Date", DateFormatter.format(new Date(now)))
                .set("Last-Modified", DateFormatter.format(new Date(now - 100_000)));
        assertEquals(10_000, Freshness.lifetimeMillis(modified));
        assertEquals(0, Freshness.lifetimeMillis(new DefaultHttpHeaders().set("Cache-Control", "no-cache, max-age=60")));
    }
}
