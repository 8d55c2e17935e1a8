package org.mobitopolo.security.internal;

import org.mobitopolo.api.store.Store;
import org.mobitopolo.store.internal.StoreFixture;

/** The sessions on the distribution's default store: an H2 file (one JVM may open it from several stores). */
class H2SessionsTest extends SessionsContract {
    @Override
    Store store(String instance) {
        return StoreFixture.h2(dir.resolve("store"), instance);
    }
}
