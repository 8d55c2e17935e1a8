package org.mobitopolo.api.platform;

import static java.util.Objects.requireNonNull;

/**
 * The one exception type of the platform. Its message is meant for the user: the REST endpoint
 * sends it as the problem detail and console commands print it as their one line of error.
 */
public class PlatformException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    /** Creates an exception with a user-facing message. */
    public PlatformException(ErrorCode code, String message) {
        super(message);
        this.code = requireNonNull(code);
    }

    /** Creates an exception with a user-facing message and the underlying cause. */
    public PlatformException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = requireNonNull(code);
    }

    /**
     * The error for a request that needs a plugin no one provides right now.
     *
     * @param what what is missing, e.g. {@code "host facts"}
     * @param feature the feature that provides it
     */
    public static PlatformException noPlugin(String what, String feature) {
        return new PlatformException(ErrorCode.UNAVAILABLE,
                "no " + what + " plugin is active; install one with feature:install " + feature);
    }

    /**
     * The plugin service itself, or the {@link #noPlugin} error when it is {@code null} (an optional
     * reference with nobody behind it right now).
     */
    public static <T> T requirePlugin(T service, String what, String feature) {
        if (service == null) {
            throw noPlugin(what, feature);
        }
        return service;
    }

    /** What kind of failure this is. */
    public ErrorCode code() {
        return code;
    }
}
