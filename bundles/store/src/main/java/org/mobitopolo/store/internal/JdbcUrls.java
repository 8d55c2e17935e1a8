package org.mobitopolo.store.internal;

import java.util.regex.Pattern;

/** JDBC URLs fit to show: the password, wherever a URL can carry one, is cut out. */
final class JdbcUrls {
    // PostgreSQL: ?password=…&… (ends at '&'; a ';' may be in it); H2: ;PASSWORD=…; user info: //user:secret@host.
    private static final Pattern QUERY_PASSWORD = Pattern.compile("(?i)([?&])password=[^&]*");
    private static final Pattern SETTING_PASSWORD = Pattern.compile("(?i);password=[^;]*");
    private static final Pattern USER_INFO_PASSWORD = Pattern.compile("//([^/:@]*):[^/@]*@");

    private JdbcUrls() {}

    static String withoutPassword(String url) {
        if (url == null) {
            return null;
        }
        String cut = url.contains("?") ? QUERY_PASSWORD.matcher(url).replaceAll("$1password=***")
                : SETTING_PASSWORD.matcher(url).replaceAll(";password=***");
        return USER_INFO_PASSWORD.matcher(cut).replaceAll("//$1:***@");
    }
}
