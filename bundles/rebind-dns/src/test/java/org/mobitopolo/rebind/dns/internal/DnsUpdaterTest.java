package org.mobitopolo.rebind.dns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Updates against a real authoritative server, Debian's BIND 9 (scripts/setup.sh installs it). */
class DnsUpdaterTest {
    private static final String SECRET = Base64.getEncoder().encodeToString("a key of thirty-two bytes, here!".getBytes());
    @TempDir
    static Path dir;
    private static Bind bind;

    @BeforeAll
    static void start() throws Exception {
        bind = new Bind(dir, "site-a.mobi", SECRET);
    }

    @AfterAll
    static void stop() {
        if (bind != null) {
            bind.close();
        }
    }

    private static DnsUpdater.Target target(String secret) {
        return new DnsUpdater.Target("127.0.0.1", bind.port, "site-a.mobi", "site-a.mobi.", "hmac-sha256", secret);
    }

    @Test
    void aSignedUpdateChangesTheRecordAndItsAnswerIsVerified() {
        assertEquals("10.1.0.5", bind.lookup("server.site-a.mobi"));
        DnsUpdater.Outcome o = DnsUpdater.replace(target(SECRET), "server", "10.2.0.7", 5);
        assertTrue(o.ok(), o.toString());
        assertTrue(o.detail().contains("signed answer verified"), o.detail());
        assertEquals("10.2.0.7", bind.lookup("server.site-a.mobi"));
        assertFalse(o.toString().contains(SECRET), "never the secret");
    }

    @Test
    void aWrongKeyIsAFailedUpdateAndChangesNothing() {
        DnsUpdater.replace(target(SECRET), "db", "10.1.0.20", 5);
        String wrong = Base64.getEncoder().encodeToString(new byte[32]);
        DnsUpdater.Outcome o = DnsUpdater.replace(target(wrong), "db", "10.1.0.66", 5);
        assertFalse(o.ok(), o.toString());
        assertTrue(o.detail().startsWith("NOTAUTH"), o.detail());
        assertEquals("10.1.0.20", bind.lookup("db.site-a.mobi"));
    }

    @Test
    void aServerThatDoesNotAnswerIsAFailedUpdate() {
        DnsUpdater.Outcome o = DnsUpdater.replace(new DnsUpdater.Target("127.0.0.1", 9, "site-a.mobi", "site-a.mobi.", "hmac-sha256",
                SECRET), "server", "10.2.0.8", 5);
        assertFalse(o.ok());
        assertTrue(o.detail().startsWith("no answer"), o.detail());
    }

    @Test
    void configuredServersAreParsedOrRefused() {
        DnsUpdater.Target t = DnsRebind.parse("10.0.0.1:10053 site-a.mobi site-a.mobi. hmac-sha256 " + SECRET);
        assertEquals("10.0.0.1", t.host());
        assertEquals(10053, t.port());
        assertEquals("site-a.mobi at 10.0.0.1:10053", t.toString());
        assertThrows(IllegalArgumentException.class, () -> DnsRebind.parse("10.0.0.1 site-a.mobi k hmac-sha256 s"));
        assertThrows(IllegalArgumentException.class, () -> DnsRebind.parse("10.0.0.1:99999 site-a.mobi k hmac-sha256 s"));
        assertThrows(IllegalArgumentException.class, () -> DnsRebind.parse("10.0.0.1:53 site-a.mobi"));
    }
}
