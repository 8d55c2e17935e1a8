package org.mobitopolo.proxy.netty.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersTest {
    @TempDir
    Path dir;

    private static String basic(String userPassword) {
        return Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void storesOnlyASaltedHashReadableByTheOwner() throws Exception {
        Users users = new Users(dir.resolve("users"));
        users.put("alice", "correct horse".toCharArray());
        String file = Files.readString(dir.resolve("users"));
        assertFalse(file.contains("correct horse"), file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("users"))));
        assertEquals("alice", users.verify(basic("alice:correct horse")));
        assertEquals(List.of("alice"), new Users(dir.resolve("users")).names(), "kept across restarts");
        assertEquals("alice", new Users(dir.resolve("users")).verify(basic("alice:correct horse")));
    }

    @Test
    void wrongOrMalformedCredentialsFail() {
        Users users = new Users(null);
        users.put("alice", "pw".toCharArray());
        assertNull(users.verify(basic("alice:PW")));
        assertNull(users.verify(basic("bob:pw")));
        assertNull(users.verify("not base64!"));
        assertNull(users.verify(basic("no colon")));
        assertNull(users.remembered(basic("alice:PW")));
    }

    @Test
    void rememberedCredentialsAreForgottenWhenUsersChange() {
        Users users = new Users(null);
        users.put("alice", "pw".toCharArray());
        assertEquals("alice", users.verify(basic("alice:pw")));
        assertEquals("alice", users.remembered(basic("alice:pw")));
        users.put("alice", "new".toCharArray());
        assertNull(users.remembered(basic("alice:pw")));
        assertNull(users.verify(basic("alice:pw")));
    }

    @Test
    void badNamesAndEmptyPasswordsAreRefused() {
        Users users = new Users(null);
        assertThrows(IllegalArgumentException.class, () -> users.put("a:b", "x".toCharArray()));
        assertThrows(IllegalArgumentException.class, () -> users.put("a b", "x".toCharArray()));
        assertThrows(IllegalArgumentException.class, () -> users.put("a", new char[0]));
    }

    @Test
    void theAccessLogNeverShowsUserInfo() {
        assertEquals("http://host/p?q", AccessLog.withoutUserInfo("http://user:pw@host/p?q"));
        assertEquals("http://host:81/", AccessLog.withoutUserInfo("http://a@b:c@host:81/"));
        assertEquals("http://host/a@b", AccessLog.withoutUserInfo("http://host/a@b"));
    }
}
