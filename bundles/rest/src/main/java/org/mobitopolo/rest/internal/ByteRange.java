package org.mobitopolo.rest.internal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one byte range a request's {@code Range} header asks of a file (RFC 9110, section 14): how a host
 * fetching a snapshot resumes a file where its partial copy ends ({@code bytes=START-}).
 *
 * @param start the first byte sent
 * @param end the last byte sent, inclusive
 */
record ByteRange(long start, long end) {
    private static final Pattern SPEC = Pattern.compile("(\\d{1,18})?-(\\d{1,18})?");

    /** A range no byte of the file satisfies: answered {@code 416} with {@code Content-Range: bytes *}{@code /SIZE}. */
    static final class Unsatisfiable extends Exception {
        private static final long serialVersionUID = 1L;

        Unsatisfiable(String header, long size) {
            super("the range " + header + " lies beyond the file's " + size + " bytes");
        }
    }

    /**
     * The range {@code header} asks of a file of {@code size} bytes; empty when the whole file is to be sent:
     * no header, or one a server may ignore (another unit, several ranges, a malformed one).
     */
    static Optional<ByteRange> parse(String header, long size) throws Unsatisfiable {
        if (header == null || !header.regionMatches(true, 0, "bytes=", 0, 6)) {
            return Optional.empty();
        }
        Matcher m = SPEC.matcher(header.substring(6).strip());
        if (!m.matches() || m.group(1) == null && m.group(2) == null) {
            return Optional.empty();
        }
        if (m.group(1) == null) { // the last N bytes
            long suffix = Long.parseLong(m.group(2));
            if (suffix == 0 || size == 0) {
                throw new Unsatisfiable(header, size);
            }
            return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
        }
        long start = Long.parseLong(m.group(1));
        if (m.group(2) != null && Long.parseLong(m.group(2)) < start) {
            return Optional.empty(); // invalid: ignored
        }
        if (start >= size) {
            throw new Unsatisfiable(header, size);
        }
        long end = m.group(2) == null ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
        return Optional.of(new ByteRange(start, end));
    }

    long length() {
        return end - start + 1;
    }

    /** The {@code Content-Range} of a 206 answer. */
    String contentRange(long size) {
        return "bytes " + start + "-" + end + "/" + size;
    }
}
