package org.mobitopolo.rest.internal;

/**
 * An RFC 9457 problem detail, the body of every error answer ({@code application/problem+json}).
 *
 * @param type a URI naming the problem type; {@code about:blank} means the status says it all
 * @param title the HTTP status phrase
 * @param status the HTTP status code
 * @param detail what went wrong, for the user
 * @param instance the request path
 */
record Problem(String type, String title, int status, String detail, String instance) {
    static final String MEDIA_TYPE = "application/problem+json";
}
