package org.mobitopolo.api.security;

import java.time.Duration;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;

/**
 * A login refused without looking at its password, because its user or its client address failed
 * too often lately. Its code is {@link ErrorCode#TOO_MANY_REQUESTS}.
 */
public class LoginThrottledException extends PlatformException {
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    /** Creates the refusal; {@code retryAfter} is how long to wait before the next try. */
    public LoginThrottledException(String message, Duration retryAfter) {
        super(ErrorCode.TOO_MANY_REQUESTS, message);
        this.retryAfter = retryAfter;
    }

    /** How long the caller must wait before a login of this user from this address is tried again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
