package org.mobitopolo.api.host;

import org.osgi.annotation.versioning.ConsumerType;

/** Reads the facts of the host the platform runs on. Implemented by a plugin per OS. */
@ConsumerType
public interface HostFacts {
    /** Reads the facts now; every call sees the current routes, interfaces and binaries. */
    HostInfo read();
}
