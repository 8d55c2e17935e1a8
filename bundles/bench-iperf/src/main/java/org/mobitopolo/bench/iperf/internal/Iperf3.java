package org.mobitopolo.bench.iperf.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;

/**
 * The iperf3 wire protocol (iperf 3.12: {@code iperf_api.h}, {@code iperf.h}, {@code iperf_api.c},
 * {@code iperf_udp.c}): control states, the cookie, length-prefixed JSON, the UDP stream handshake.
 */
final class Iperf3 {
    static final byte TEST_START = 1;
    static final byte TEST_RUNNING = 2;
    static final byte TEST_END = 4;
    static final byte PARAM_EXCHANGE = 9;
    static final byte CREATE_STREAMS = 10;
    static final byte SERVER_TERMINATE = 11;
    static final byte CLIENT_TERMINATE = 12;
    static final byte EXCHANGE_RESULTS = 13;
    static final byte DISPLAY_RESULTS = 14;
    static final byte IPERF_START = 15;
    static final byte IPERF_DONE = 16;
    static final byte ACCESS_DENIED = -1;
    static final byte SERVER_ERROR = -2;

    /** iperf3's i_errno values we send after SERVER_ERROR; its client prints its own text for each. */
    static final int IENUMSTREAMS = 6;
    static final int IERECVPARAMS = 114;
    static final int IEMESSAGE = 110;

    /** 36 characters of {@link #COOKIE_ALPHABET} and a NUL. */
    static final int COOKIE_SIZE = 37;
    static final String COOKIE_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

    /** The UDP connect datagram and its reply: ints written in host (little-endian) order, so "9876" and "6789". */
    static final int UDP_CONNECT_MSG = 0x39383736;
    static final int UDP_CONNECT_REPLY = 0x36373839;
    /** Replies of pre-3.11 servers: 987654321 in little-endian order. */
    static final int LEGACY_UDP_CONNECT_REPLY = Integer.reverseBytes(987654321);

    static final int DEFAULT_TCP_BLOCK = 128 * 1024;
    static final int DEFAULT_UDP_BLOCK = 1460;
    static final long DEFAULT_UDP_RATE = 1_000_000;
    /** Sequence header of a UDP datagram: seconds, microseconds, counter (32 or 64 bits). */
    static final int UDP_HEADER_32 = 12;
    static final int UDP_HEADER_64 = 16;
    /** Larger JSON messages are garbage, not parameters or results. */
    static final int MAX_JSON = 1 << 20;

    static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Iperf3() {}

    /** A fresh cookie, NUL included. */
    static byte[] newCookie() {
        byte[] cookie = new byte[COOKIE_SIZE];
        for (int i = 0; i < COOKIE_SIZE - 1; i++) {
            cookie[i] = (byte) COOKIE_ALPHABET.charAt(RANDOM.nextInt(COOKIE_ALPHABET.length()));
        }
        return cookie;
    }

    /** The cookie's 36 characters when {@code buf} holds a well-formed one at its reader index, else {@code null}. */
    static String cookie(ByteBuf buf) {
        int at = buf.readerIndex();
        if (buf.getByte(at + COOKIE_SIZE - 1) != 0) {
            return null;
        }
        char[] chars = new char[COOKIE_SIZE - 1];
        for (int i = 0; i < chars.length; i++) {
            char c = (char) buf.getByte(at + i);
            if (COOKIE_ALPHABET.indexOf(c) < 0) {
                return null;
            }
            chars[i] = c;
        }
        return new String(chars);
    }

    static ChannelFuture sendState(Channel ch, byte state) {
        return ch.writeAndFlush(ch.alloc().buffer(1).writeByte(state));
    }

    /** SERVER_ERROR, then iperf3's error code and errno, each a 4-byte big-endian int. */
    static ChannelFuture sendError(Channel ch, int iperfError) {
        return ch.writeAndFlush(ch.alloc().buffer(9).writeByte(SERVER_ERROR).writeInt(iperfError).writeInt(0));
    }

    static ChannelFuture sendJson(Channel ch, JsonNode json) {
        return ch.writeAndFlush(json(ch.alloc(), json));
    }

    static ByteBuf json(ByteBufAllocator alloc, JsonNode json) {
        try {
            byte[] bytes = JSON.writeValueAsBytes(json);
            return alloc.buffer(4 + bytes.length).writeInt(bytes.length).writeBytes(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stream ids as iperf3 numbers them ({@code iperf_add_stream}): 1, 3, 4, 5, … */
    static int streamId(int index) {
        return index == 0 ? 1 : index + 2;
    }
}
