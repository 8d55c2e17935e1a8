package org.mobitopolo.api.migration;

/**
 * A migration this host started, as it stands.
 *
 * @param request what was asked
 * @param progress its latest progress
 * @param report how it went once completed, or {@code null}
 * @param error why it failed or was cancelled, or empty
 */
public record MigrationInfo(MigrationRequest request, MigrationProgress progress, MigrationReport report, String error) {}
