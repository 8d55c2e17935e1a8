package org.mobitopolo.security.internal;

import org.mobitopolo.api.store.Store;
import org.mobitopolo.store.internal.StoreFixture;

/** The audit trail on the distribution's default store: an H2 file. */
class H2AuditTest extends AuditContract {
    @Override
    Store store(String instance) {
        return StoreFixture.h2(dir.resolve("store"), instance);
    }

    /** A database file that is not there, which H2 is told not to create (the setting rides on the file name into the URL). */
    @Override
    Store unreachableStore() {
        return StoreFixture.h2(dir.resolve("missing;IFEXISTS=TRUE"), "a");
    }
}
