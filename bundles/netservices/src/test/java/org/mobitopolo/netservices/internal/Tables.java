package org.mobitopolo.netservices.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mobitopolo.api.store.Store;
import org.mobitopolo.store.internal.StoreFixture;

/** The module's tables on a fresh real store (an H2 file, the store's default), migrated as at runtime. */
final class Tables {
    private Tables() {}

    static ServiceTables fresh() {
        try {
            Path dir = Files.createTempDirectory("netservices-test");
            dir.toFile().deleteOnExit();
            return on(StoreFixture.h2(dir.resolve("store"), "test"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ServiceTables on(Store store) {
        store.migrate(SwitchServices.MODULE, Tables.class.getClassLoader());
        return new ServiceTables(store.dataSource());
    }
}
