package org.mobitopolo.store.internal;

import java.sql.SQLException;
import java.util.StringJoiner;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;

/** The store's failures as the user reads them: what failed, the database's own reason, what to check. */
final class Failures {
    static final String CONFIG_FILE = "etc/org.ops4j.datasource-mobitopolo.cfg";

    private Failures() {}

    /** The database refused a connection, or is not there. */
    static PlatformException unreachable(String url, SQLException e) {
        String at = url == null ? "" : " at " + JdbcUrls.withoutPassword(url);
        return new PlatformException(ErrorCode.UNAVAILABLE, "the platform database" + at + " cannot be reached: " + reason(e)
                + " (check url, user and password in " + CONFIG_FILE + ")", e);
    }

    /** A module's migrations could not be applied. */
    static PlatformException migration(String module, RuntimeException e) {
        return new PlatformException(ErrorCode.FAILED, "module " + module + ": " + reason(e), e);
    }

    /** A query of the store's own tables failed on a connection that worked. */
    static PlatformException query(String what, SQLException e) {
        return new PlatformException(ErrorCode.FAILED, "cannot " + what + ": " + reason(e), e);
    }

    /**
     * The reason as the database gave it: the deepest SQL error in the chain (a pool's "connection
     * not available" wraps the driver's "password authentication failed"), after the headline of a
     * migration tool's report when there is one.
     */
    static String reason(Throwable e) {
        SQLException sql = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                sql = s;
            }
        }
        if (sql == null) {
            return oneLine(e.getMessage(), e);
        }
        String database = oneLine(sql.getMessage(), sql);
        return e instanceof SQLException ? database : headline(e) + ": " + database;
    }

    private static String headline(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip().split("\\R", 2)[0];
    }

    /**
     * Flyway writes its reports over several lines, with rulers and a closing link to its vendor's
     * help pages; a user's message is one line of what happened.
     */
    private static String oneLine(String message, Throwable e) {
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        StringJoiner lines = new StringJoiner(" ");
        for (String line : message.split("\\R")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.chars().allMatch(c -> c == '-') && !l.contains("help.red-gate.com")) {
                lines.add(l);
            }
        }
        return lines.toString();
    }
}
