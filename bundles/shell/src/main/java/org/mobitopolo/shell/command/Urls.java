package org.mobitopolo.shell.command;

import java.net.URI;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;

/** A URL typed on the console, refused in one line when it is none. */
final class Urls {
    private Urls() {}

    static URI parse(String url) {
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "not a URL: " + url);
        }
    }
}
