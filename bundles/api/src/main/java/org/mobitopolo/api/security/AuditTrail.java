package org.mobitopolo.api.security;

import java.util.List;
import org.mobitopolo.api.platform.PlatformException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The platform's audit trail: every state-changing call, kept in the store (so every runtime sharing
 * it sees every runtime's entries) and logged on the logger {@code org.mobitopolo.audit}. Entries
 * older than the configured retention are deleted.
 */
@ProviderType
public interface AuditTrail {
    /**
     * Records a call: logs it at once, then stores it. Never fails the caller: an entry the store
     * cannot take is still on the log, and counted in {@link #unstored()}. Fields too long for the
     * store are cut, control characters replaced.
     *
     * @param entry the call; its {@code id} is ignored (the store assigns one)
     */
    void record(AuditEntry entry);

    /**
     * The entries the query asks for, newest first.
     *
     * @throws PlatformException {@code UNAVAILABLE} while the store cannot be reached
     */
    List<AuditEntry> list(AuditQuery query);

    /** How many entries this runtime could not store since it started (each of them is on the log). */
    long unstored();
}
