package org.mobitopolo.security.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.boot.principal.GroupPrincipal;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.jaas.config.JaasRealm;
import org.apache.karaf.jaas.modules.BackingEngine;
import org.apache.karaf.jaas.modules.BackingEngineFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure someone can administer a fresh runtime. Karaf 4.4's {@code etc/users.properties} has no
 * active user; when no user of the realm {@code karaf} holds the JAAS role {@code admin}, this creates
 * the user {@code admin} with the roles of Karaf's administrators and a random password (or the
 * environment's {@value #PASSWORD_VARIABLE}), writes the password to
 * {@code ${karaf.data}/mobitopolo/admin.password} (mode 600) and logs it once on the audit log.
 * Users are written through Karaf's own JAAS backing engine, so the realm's encryption settings apply.
 *
 * <p>Public only because Felix SCR instantiates components through public constructors.
 */
@Component(service = {})
public final class FirstAdmin {
    static final String PASSWORD_VARIABLE = "MOBITOPOLO_ADMIN_PASSWORD";
    static final String USER = "admin";
    /** The roles Karaf gives its administrators ({@code _g_:admingroup} in users.properties). */
    static final List<String> ROLES = List.of("admin", "manager", "viewer", "systembundles", "ssh");
    private static final Logger LOG = LoggerFactory.getLogger(FirstAdmin.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("org.mobitopolo.audit");

    @Activate
    public FirstAdmin(@Reference(cardinality = ReferenceCardinality.AT_LEAST_ONE) List<JaasRealm> realms,
            @Reference(cardinality = ReferenceCardinality.AT_LEAST_ONE) List<BackingEngineFactory> engines) {
        Optional<BackingEngine> engine = engine(realms, engines);
        if (engine.isEmpty()) {
            LOG.warn("No writable user store for the JAAS realm karaf; no first administrator created");
            return;
        }
        Path file = Path.of(System.getProperty("karaf.data", "data"), "mobitopolo", "admin.password");
        ensureAdmin(engine.get(), file, System::getenv);
    }

    /**
     * Creates the first administrator unless a user already holds the {@code admin} role.
     *
     * @return whether it created one
     */
    static boolean ensureAdmin(BackingEngine users, Path passwordFile, Function<String, String> environment) {
        if (hasAdmin(users)) {
            return false;
        }
        if (users.lookupUser(USER) != null) {
            // someone made an "admin" without the role on purpose: do not take the account over
            LOG.warn("No user holds the admin role, and the user '{}' exists: no first administrator created", USER);
            return false;
        }
        String given = environment.apply(PASSWORD_VARIABLE);
        boolean fromEnvironment = given != null && !given.isEmpty();
        String password = fromEnvironment ? given : Tokens.newPassword();
        writePassword(passwordFile, password);
        users.addUser(USER, password);
        for (String role : ROLES) {
            users.addRole(USER, role);
        }
        if (fromEnvironment) {
            AUDIT.warn("First start: created user '{}' with the password from {} (also in {})", USER, PASSWORD_VARIABLE,
                    passwordFile);
        } else {
            // the one place a password is ever logged, as promised to whoever starts a fresh runtime
            AUDIT.warn("First start: created user '{}' with password {} (also in {}, mode 600)", USER, password, passwordFile);
        }
        return true;
    }

    static boolean hasAdmin(BackingEngine users) {
        for (UserPrincipal user : users.listUsers()) {
            if (hasRole(users, user)) {
                return true;
            }
            for (GroupPrincipal group : users.listGroups(user)) {
                if (hasRole(users, group)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasRole(BackingEngine users, java.security.Principal who) {
        for (RolePrincipal role : users.listRoles(who)) {
            if ("admin".equals(role.getName())) {
                return true;
            }
        }
        return false;
    }

    private static void writePassword(Path file, String password) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            // created with its mode: never readable by others, not even for a moment
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, password + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the first administrator's password to " + file, e);
        }
    }

    /** The backing engine of the realm {@code karaf}'s first module that has one (the properties file). */
    private static Optional<BackingEngine> engine(List<JaasRealm> realms, List<BackingEngineFactory> engines) {
        for (JaasRealm realm : realms) {
            if (!"karaf".equals(realm.getName())) {
                continue;
            }
            for (AppConfigurationEntry entry : realm.getEntries()) {
                Map<String, ?> options = entry.getOptions();
                // Karaf names the real module in an option: the entry's own class is its ProxyLoginModule
                Object module = options.get(ProxyLoginModule.PROPERTY_MODULE);
                String moduleClass = module == null ? entry.getLoginModuleName() : module.toString();
                for (BackingEngineFactory factory : engines) {
                    if (factory.getModuleClass().equals(moduleClass)) {
                        return Optional.of(factory.build(options));
                    }
                }
            }
        }
        return Optional.empty();
    }
}
