package org.mobitopolo.api.store;

/**
 * One migration applied to a module's schema.
 *
 * @param version its version, e.g. {@code 1} or {@code 2.1}
 * @param description its description, from its file name
 * @param script its file name, e.g. {@code V1__platform_instances.sql}
 * @param installedAtMillis when it was applied, epoch milliseconds
 * @param executionMillis how long it took
 * @param success whether it succeeded (a failed one stays recorded where the database cannot roll
 *     it back)
 */
public record StoreMigration(
        String version, String description, String script, long installedAtMillis, long executionMillis, boolean success) {}
