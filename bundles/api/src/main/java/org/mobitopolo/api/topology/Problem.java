package org.mobitopolo.api.topology;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong with a topology file, and where.
 *
 * @param path where in the file, e.g. {@code nodes.web.nics[0].network}; empty for the whole file
 * @param line the line, from 1; {@code 0} when unknown (e.g. a problem found while placing nodes)
 * @param column the column, from 1; {@code 0} when unknown
 * @param message what is wrong, for the user
 */
public record Problem(String path, int line, int column, String message) {
    /** Checks that no part is missing. */
    public Problem {
        requireNonNull(path, "path");
        requireNonNull(message, "message");
    }

    /** {@code line 4, column 7: nodes.web.nics[0].network: unknown network 'lan2'}. */
    @Override
    public String toString() {
        String where = line > 0 ? "line " + line + ", column " + column + ": " : "";
        return where + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
