package org.mobitopolo.api.platform;

/** Why an operation failed, with the HTTP status the REST endpoint answers for it. */
public enum ErrorCode {
    /** The request is malformed or names impossible values. */
    BAD_REQUEST(400),
    /** The caller did not prove who it is, or its credentials are wrong or expired. */
    UNAUTHORIZED(401),
    /** The caller is known but its role does not allow the operation. */
    FORBIDDEN(403),
    /** The named VM, network, feature or other object does not exist. */
    NOT_FOUND(404),
    /** The request clashes with the current state, e.g. a name already taken. */
    CONFLICT(409),
    /** The request's body is larger than the operation accepts. */
    PAYLOAD_TOO_LARGE(413),
    /** The caller tried too often; it may try again later (see {@code LoginThrottledException}). */
    TOO_MANY_REQUESTS(429),
    /** No plugin that can serve the request is active right now. */
    UNAVAILABLE(503),
    /** Another host this one called for the request refused or failed the call (its answer is in the detail). */
    BAD_GATEWAY(502),
    /** The host has no room left to store what the request sends. */
    INSUFFICIENT_STORAGE(507),
    /** The operation was valid but failed while running. */
    FAILED(500);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The HTTP status code for this error. */
    public int httpStatus() {
        return httpStatus;
    }
}
