package org.mobitopolo.security.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import org.apache.karaf.jaas.modules.properties.PropertiesLoginModule;

/** Karaf's real properties login module on a users file of the test's, as the realm {@code karaf} is set up. */
final class Realm {
    private Realm() {}

    /** Writes the users file (lines of {@code user = password,role,…}) and a JAAS configuration reading it. */
    static Configuration of(Path dir, String... lines) throws IOException {
        Path users = dir.resolve("users.properties");
        Files.write(users, java.util.List.of(lines));
        AppConfigurationEntry entry = new AppConfigurationEntry(PropertiesLoginModule.class.getName(),
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of("users", users.toString()));
        return new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return "karaf".equals(name) ? new AppConfigurationEntry[] {entry} : null;
            }
        };
    }

    static final String[] USERS = {
        "ann = ann-pw,admin,manager",
        "oli = oli-pw,operator",
        "vic = vic-pw,viewer",
        "bob = bob-pw,_g_:admingroup",
        "_g_\\:admingroup = group,admin",
        "sam = sam-pw,ssh",
    };
}
