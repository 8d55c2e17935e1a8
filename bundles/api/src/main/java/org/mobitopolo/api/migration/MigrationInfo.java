package org.mobitopolo.api.migration;

import java.util.List;

/**
 * A migration this host started, as it stands.
 *
 * @param request what was asked
 * @param progress its latest progress
 * @param report how it went once completed, or {@code null}
 * @param error why it failed or was cancelled, or empty
 * @param history every progress report so far, oldest first (one per round and phase), so that a
 *     view opened mid-move can draw it from the start
 */
public record MigrationInfo(MigrationRequest request, MigrationProgress progress, MigrationReport report, String error,
        List<MigrationProgress> history) {
    public MigrationInfo {
        history = history == null ? List.of() : List.copyOf(history);
    }

    /** A migration whose earlier progress is not known. */
    public MigrationInfo(MigrationRequest request, MigrationProgress progress, MigrationReport report, String error) {
        this(request, progress, report, error, progress == null ? List.of() : List.of(progress));
    }
}
