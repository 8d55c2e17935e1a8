package org.mobitopolo.api.bench;

/**
 * One test a {@link BandwidthServer} served, counted on the server's side.
 *
 * @param client the client's address
 * @param udp UDP or TCP
 * @param reverse whether the server sent
 * @param streams parallel streams
 * @param bytes bytes the server received (or sent, in reverse)
 * @param seconds how long the data flowed
 * @param outcome {@code running}, {@code completed}, or why it ended early
 */
public record ServedTest(String client, boolean udp, boolean reverse, int streams, long bytes, double seconds,
        String outcome) {}
