package org.mobitopolo.transfer.internal;

import java.net.URI;
import java.util.regex.Pattern;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;

/**
 * What a request or a source's listing may name: names become paths here, so only plain ones pass,
 * whatever the source host says.
 */
final class Names {
    private static final Pattern SNAPSHOT = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    /** No separators and no leading dot: neither {@code ..} nor a hidden file. */
    private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
    static final String PART = ".part";

    private Names() {}

    /** A snapshot's name, or {@code BAD_REQUEST}. */
    static String snapshot(String name) {
        if (name == null || !SNAPSHOT.matcher(name).matches()) {
            throw new PlatformException(ErrorCode.BAD_REQUEST,
                    "snapshot names are 1-64 lower-case letters, digits or dashes, got " + name);
        }
        return name;
    }

    /** An image's name, as the image library's, or {@code BAD_REQUEST}. */
    static String image(String name) {
        if (name == null || !IMAGE.matcher(name).matches()) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "an image name is a letter or digit followed by up to 127 "
                    + "letters, digits, dots, dashes or underscores, got " + name);
        }
        return name;
    }

    /** Whether a listing may name this file: a plain name, and none of the partial copies' here. */
    static boolean isFile(String name) {
        return name != null && FILE.matcher(name).matches() && !name.endsWith(PART);
    }

    /** A Mobitopolo host's URL, {@code http(s)://host[:port]}, or {@code BAD_REQUEST}. */
    static URI source(URI from) {
        if (from == null || from.getHost() == null || !("http".equals(from.getScheme()) || "https".equals(from.getScheme()))
                || from.getRawUserInfo() != null || from.getRawQuery() != null
                || (from.getRawPath() != null && !from.getRawPath().isEmpty() && !from.getRawPath().equals("/"))) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "the source is a Mobitopolo host's URL like "
                    + "http://10.0.0.1:8181, got " + from);
        }
        return from;
    }
}
