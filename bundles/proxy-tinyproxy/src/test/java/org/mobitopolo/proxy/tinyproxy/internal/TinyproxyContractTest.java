package org.mobitopolo.proxy.tinyproxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.proxy.ProxyConfig;
import org.mobitopolo.api.proxy.ProxyStatus;
import org.mobitopolo.api.proxy.WebProxy;
import org.mobitopolo.proxy.contract.WebProxyContract;

/** The shared proxy contract against the real tinyproxy, plus what supervising it involves. */
class TinyproxyContractTest extends WebProxyContract {
    private Path home;

    @Override
    protected WebProxy newProxy(Path dir) {
        home = dir;
        return new TinyproxyWebProxy("/usr/bin/tinyproxy", dir);
    }

    /** tinyproxy 1.11 answers wrong credentials 401 (no credentials get 407): its own quirk. */
    @Override
    protected int wrongCredentialsStatus() {
        return 401;
    }

    /** tinyproxy passes a 70 KB header on to the origin. */
    @Override
    protected boolean boundsHeaderSize() {
        return false;
    }

    @Override
    protected int basePort() {
        return 8810;
    }

    @Override
    protected void closeProxy(WebProxy proxy) {
        ((TinyproxyWebProxy) proxy).close();
    }

    @Test
    void countersComeFromTinyproxyItself() throws Exception {
        open();
        for (int i = 0; i < 3; i++) {
            assertEquals(200, curl("-x", proxyUrl(), url("/small")).status());
        }
        ProxyStatus s = proxy.status();
        assertEquals("tinyproxy", s.implementation());
        assertEquals(3, s.requests());
        proxy.start(config(List.of(), List.of("127.0.0.2/32"), false));
        curl("--interface", "127.0.0.2", "-x", proxyUrl(), url("/small"));
        assertEquals(1, proxy.status().denied());
    }

    @Test
    void aKilledTinyproxyIsStartedAgain() throws Exception {
        open();
        String pid = Files.readString(Path.of("/proc/self/stat")).isEmpty() ? "" : pidOfTinyproxy();
        new ProcessBuilder("kill", "-KILL", pid).start().waitFor();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline && (pidOfTinyproxy().equals(pid) || !proxy.status().running())) {
            Thread.sleep(50);
        }
        assertTrue(proxy.status().running());
        assertEquals(200, curl("-x", proxyUrl(), url("/small")).status());
    }

    @Test
    void whatTinyproxyCannotDoIsAClearError() {
        PlatformException e = assertThrows(PlatformException.class, () -> proxy.start(new ProxyConfig("127.0.0.1",
                proxyPort(), List.of(), List.of(), false, 1 << 20)));
        assertTrue(e.getMessage().startsWith("tinyproxy does not cache"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> proxy.putUser("carol", "two words".toCharArray()));
        assertTrue(bad.getMessage().contains("passwords of letters"), bad.getMessage());
    }

    @Test
    void authWithoutUsersLetsNobodyIn() throws Exception {
        proxy.users().forEach(proxy::removeUser);
        proxy.start(config(List.of(), List.of(), true));
        assertEquals(407, curl("-x", proxyUrl(), url("/small")).status());
    }

    @Test
    void passwordsStayInTheOwnersFileOnly() throws Exception {
        proxy.putUser("dave", "pass-word".toCharArray());
        proxy.start(config(List.of(), List.of(), true));
        Path conf = home.resolve("tinyproxy.conf");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(conf)));
        curl("-x", proxyUrl(), "-U", "dave:pass-word", url("/small"));
        assertFalse(Files.readString(home.resolve("tinyproxy.log")).contains("pass-word"));
        proxy.removeUser("dave");
        assertFalse(Files.readString(conf).contains("pass-word"));
    }

    private String pidOfTinyproxy() throws Exception {
        Process p = new ProcessBuilder("pgrep", "-f", "-n", "tinyproxy -d -c " + home.resolve("tinyproxy.conf")).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return out;
    }
}
