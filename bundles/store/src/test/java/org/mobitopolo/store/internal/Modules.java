package org.mobitopolo.store.internal;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * Class loaders that each see one version of a test module's migrations, as a module's bundle sees
 * its own: {@code src/test/resources/modules/NAME/db/migration/demo/}.
 */
final class Modules {
    private Modules() {}

    static ClassLoader module(String name) {
        URL dir = Modules.class.getClassLoader().getResource("modules/" + name + "/");
        if (dir == null) {
            throw new IllegalArgumentException("no test module " + name);
        }
        // no parent: the module's migrations and nothing else
        return new URLClassLoader(new URL[] {dir}, null);
    }
}
