package org.mobitopolo.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.karaf.jaas.modules.BackingEngine;
import org.apache.karaf.jaas.modules.properties.PropertiesBackingEngineFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first administrator, written by Karaf's real properties backing engine and checked by its login module. */
class FirstAdminTest {
    @TempDir
    Path dir;

    private BackingEngine engine(String... lines) throws Exception {
        Realm.of(dir, lines);
        return new PropertiesBackingEngineFactory().build(Map.of("users", dir.resolve("users.properties").toString()));
    }

    private Optional<Set<String>> login(String user, String password) throws Exception {
        // the users file as the engine left it
        List<String> lines = Files.readAllLines(dir.resolve("users.properties"));
        return new JaasPasswords("karaf", Realm.of(dir, lines.toArray(String[]::new))).check(user, password.toCharArray());
    }

    @Test
    void aRealmWithoutAdminGetsOneWithARandomPasswordInAFileOnlyItsOwnerReads() throws Exception {
        // Karaf 4.4's shipped file: everything commented out
        BackingEngine users = engine("#karaf = karaf,_g_:admingroup", "#_g_\\:admingroup = group,admin,manager,viewer");
        Path file = dir.resolve("data/mobitopolo/admin.password");
        assertTrue(FirstAdmin.ensureAdmin(users, file, name -> null));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String password = Files.readString(file).strip();
        assertEquals(22, password.length(), "128 random bits");
        assertTrue(login("admin", password).orElseThrow().containsAll(Set.of("admin", "ssh")));
        assertEquals(Optional.empty(), login("admin", password + "x"));
        // the next start finds it and changes nothing
        assertFalse(FirstAdmin.ensureAdmin(engine(Files.readAllLines(dir.resolve("users.properties")).toArray(String[]::new)),
                file, name -> null));
        assertEquals(password, Files.readString(file).strip());
    }

    @Test
    void thePasswordFromTheEnvironmentIsUsedInstead() throws Exception {
        Path file = dir.resolve("admin.password");
        assertTrue(FirstAdmin.ensureAdmin(engine("vic = vic-pw,viewer"), file,
                name -> name.equals(FirstAdmin.PASSWORD_VARIABLE) ? "chosen-by-ops" : null));
        assertEquals("chosen-by-ops", Files.readString(file).strip());
        assertTrue(login("admin", "chosen-by-ops").isPresent());
        assertTrue(login("vic", "vic-pw").isPresent(), "other users kept");
    }

    @Test
    void aUserWithTheAdminRoleDirectlyOrByGroupMeansNothingIsCreated() throws Exception {
        Path file = dir.resolve("admin.password");
        assertFalse(FirstAdmin.ensureAdmin(engine("ann = ann-pw,admin"), file, name -> null));
        assertFalse(FirstAdmin.ensureAdmin(engine("bob = bob-pw,_g_:admingroup", "_g_\\:admingroup = group,admin"), file,
                name -> null));
        assertFalse(Files.exists(file));
    }

    @Test
    void anExistingUserNamedAdminWithoutTheRoleIsNotTakenOver() throws Exception {
        Path file = dir.resolve("admin.password");
        assertFalse(FirstAdmin.ensureAdmin(engine("admin = mine,viewer"), file, name -> null));
        assertFalse(Files.exists(file));
        assertTrue(login("admin", "mine").isPresent());
    }
}
