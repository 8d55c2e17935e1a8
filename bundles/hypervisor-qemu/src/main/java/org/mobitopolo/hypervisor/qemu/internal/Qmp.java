package org.mobitopolo.hypervisor.qemu.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A QMP connection to one QEMU process, over its unix socket. QEMU serves one QMP client at a time
 * on a socket, so the hypervisor keeps this one open for as long as the VM runs. Answers are matched
 * to commands by id; events go to a listener.
 */
final class Qmp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Qmp.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String vm;
    private final SocketChannel channel;
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Consumer<JsonNode> events;
    private volatile boolean closed;

    private Qmp(String vm, SocketChannel channel, Consumer<JsonNode> events) {
        this.vm = vm;
        this.channel = channel;
        this.events = events;
    }

    /**
     * Connects to a QEMU that is starting: its socket appears a moment after launch, so this retries
     * until {@code timeout}. Negotiates capabilities before it returns.
     */
    static Qmp connect(String vm, Path socket, Duration timeout, Consumer<JsonNode> events) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            SocketChannel ch = null;
            try {
                ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                ch.connect(UnixDomainSocketAddress.of(socket));
                Qmp qmp = new Qmp(vm, ch, events);
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
                String greeting = in.readLine();
                if (greeting == null || !greeting.contains("\"QMP\"")) {
                    throw new IOException("no QMP greeting on " + socket + ": " + greeting);
                }
                Thread reader = new Thread(() -> qmp.read(in), "mobitopolo-qmp-" + vm);
                reader.setDaemon(true);
                reader.start();
                qmp.execute("qmp_capabilities", null);
                return qmp;
            } catch (IOException e) {
                closeQuietly(ch);
                if (System.nanoTime() > deadline) {
                    throw new PlatformException(ErrorCode.FAILED, "cannot reach QMP of VM " + vm + " at " + socket + ": "
                            + e.getMessage(), e);
                }
                sleep(20);
            }
        }
    }

    /** Runs a command and returns its {@code return} value; a QMP error becomes a PlatformException. */
    JsonNode execute(String command, Object arguments) {
        return execute(command, arguments, Duration.ofSeconds(10));
    }

    JsonNode execute(String command, Object arguments, Duration timeout) {
        long id = ids.incrementAndGet();
        ObjectNode request = JSON.createObjectNode().put("execute", command).put("id", id);
        if (arguments != null) {
            request.set("arguments", JSON.valueToTree(arguments));
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            byte[] line = (JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8);
            synchronized (channel) {
                ByteBuffer buf = ByteBuffer.wrap(line);
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
            }
            JsonNode reply = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (reply.has("error")) {
                throw new PlatformException(ErrorCode.FAILED, "QEMU refused " + command + " on VM " + vm + ": "
                        + reply.path("error").path("desc").asText());
            }
            return reply.path("return");
        } catch (IOException | ExecutionException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new PlatformException(ErrorCode.FAILED, "QMP of VM " + vm + " failed during " + command + ": "
                    + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new PlatformException(ErrorCode.FAILED, "QEMU did not answer " + command + " on VM " + vm
                    + " within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException(ErrorCode.FAILED, "interrupted during " + command + " on VM " + vm, e);
        } finally {
            pending.remove(id);
        }
    }

    private void read(BufferedReader in) {
        try {
            for (String line; (line = in.readLine()) != null; ) {
                JsonNode message;
                try {
                    message = JSON.readTree(line);
                } catch (IOException e) {
                    LOG.warn("VM {}: unreadable QMP message dropped: {}", vm, line);
                    continue;
                }
                if (message.has("event")) {
                    events.accept(message);
                } else {
                    CompletableFuture<JsonNode> answer = pending.get(message.path("id").asLong(-1));
                    if (answer != null) {
                        answer.complete(message);
                    }
                }
            }
        } catch (IOException e) {
            if (!closed) {
                LOG.debug("VM {}: QMP connection ended: {}", vm, e.getMessage());
            }
        }
        IOException gone = new IOException("QEMU closed its QMP socket");
        pending.values().forEach(f -> f.completeExceptionally(gone));
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(channel);
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            if (ch != null) {
                ch.close();
            }
        } catch (IOException e) {
            // closing a socket QEMU has already closed
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException(ErrorCode.FAILED, "interrupted", e);
        }
    }
}
