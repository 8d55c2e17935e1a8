package org.mobitopolo.bench.iperf.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import java.io.IOException;
import java.util.List;

/**
 * Splits an iperf3 control connection into its messages: state bytes, length-prefixed JSON, and
 * SERVER_ERROR with its two codes. Which comes next is known only to the protocol's state machine,
 * so the handler after this one says so with {@link #expectJson()} before the JSON arrives.
 */
final class ControlDecoder extends ByteToMessageDecoder {
    /** A state byte from the peer. */
    record State(byte value) {}

    /** SERVER_ERROR with iperf3's error code and errno. */
    record ServerError(int iperfError, int errno) {}

    private boolean json;
    /** After garbage nothing on the connection can be trusted; it is dropped until the handler closes it. */
    private boolean broken;

    /** The next message is a length-prefixed JSON object. */
    void expectJson() {
        json = true;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws IOException {
        if (broken) {
            in.skipBytes(in.readableBytes());
        } else if (json) {
            if (in.readableBytes() < 4) {
                return;
            }
            int length = in.getInt(in.readerIndex());
            if (length < 2 || length > Iperf3.MAX_JSON) {
                broken = true;
                throw new CorruptedFrameException("JSON message of " + length + " bytes");
            }
            if (in.readableBytes() < 4 + length) {
                return;
            }
            in.skipBytes(4);
            JsonNode node;
            try (var stream = new ByteBufInputStream(in.readSlice(length))) {
                node = Iperf3.JSON.readTree(stream);
            } catch (IOException e) {
                broken = true;
                throw new CorruptedFrameException("malformed JSON message: " + e.getMessage());
            }
            if (node == null || !node.isObject()) {
                broken = true;
                throw new CorruptedFrameException("JSON message is not an object");
            }
            json = false;
            out.add(node);
        } else if (in.getByte(in.readerIndex()) == Iperf3.SERVER_ERROR) {
            if (in.readableBytes() >= 9) {
                in.skipBytes(1);
                out.add(new ServerError(in.readInt(), in.readInt()));
            }
        } else {
            out.add(new State(in.readByte()));
        }
    }
}
