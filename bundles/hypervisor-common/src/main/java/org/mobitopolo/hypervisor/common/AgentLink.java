package org.mobitopolo.hypervisor.common;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.vm.ExecResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's end of a guest's agent line (the init's {@code mobi_agent}, on a serial line of its
 * own). One request per line, {@code X ID TIMEOUT ARG...}, each argument in base64 between two
 * {@code x} (so that empty arguments and trailing newlines survive the guest shell); one answer per
 * line, {@code R ID EXIT MILLIS STDOUT STDERR}, the outputs in base64. A thread reads the answers
 * and hands each to the request of its id; a line that is no answer (a guest writing on the line
 * before its agent took it) is counted and dropped.
 */
public final class AgentLink implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentLink.class);
    /** What the guest agent keeps of a command's outputs; the rest is cut. */
    public static final int MAX_STDOUT = 1 << 20;
    public static final int MAX_STDERR = 1 << 16;
    /** How much longer than the command's own timeout the host waits for its answer to travel back. */
    private static final Duration SLACK = Duration.ofSeconds(5);

    private final String vm;
    private final InputStream in;
    private final OutputStream out;
    private final Closeable channel;
    private final Map<Long, CompletableFuture<ExecResult>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    /** @param channel closed with this link (the streams' socket, say) */
    public AgentLink(String vm, InputStream in, OutputStream out, Closeable channel) {
        this.vm = vm;
        this.in = in;
        this.out = out;
        this.channel = channel;
        Thread reader = new Thread(this::readAnswers, "mobitopolo-agent-" + vm);
        reader.setDaemon(true);
        reader.start();
    }

    /** Runs {@code argv} in the guest; the guest kills it after {@code timeout}, rounded up to seconds. */
    public ExecResult exec(List<String> argv, Duration timeout) {
        if (argv.isEmpty() || argv.get(0).isBlank()) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "the command is a program and its arguments, got none");
        }
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        long id = ids.incrementAndGet();
        StringBuilder line = new StringBuilder("X ").append(id).append(' ').append(seconds);
        Base64.Encoder b64 = Base64.getEncoder();
        for (String a : argv) {
            line.append(' ').append(b64.encodeToString(("x" + a + "x").getBytes(StandardCharsets.UTF_8)));
        }
        CompletableFuture<ExecResult> answer = new CompletableFuture<>();
        waiting.put(id, answer);
        try {
            synchronized (out) {
                out.write(line.append('\n').toString().getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            return answer.get(seconds * 1000 + SLACK.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            throw lost(e.getMessage());
        } catch (TimeoutException e) {
            throw new PlatformException(ErrorCode.UNAVAILABLE, "VM " + vm + "'s guest agent gave no answer to " + argv.get(0)
                    + " within " + (seconds + SLACK.toSeconds()) + " s (is it busy with a command before this one?)");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof PlatformException p ? p : lost(e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException(ErrorCode.UNAVAILABLE, "interrupted while waiting for VM " + vm + "'s guest agent");
        } finally {
            waiting.remove(id);
        }
    }

    /** Lines from the guest that were no answer: its own output before the agent took the line. */
    public long dropped() {
        return dropped.get();
    }

    public boolean isOpen() {
        return !closed;
    }

    private void readAnswers() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            for (String line; (line = r.readLine()) != null; ) {
                answer(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line); // an empty output ends the line in a space
            }
        } catch (IOException e) {
            // the VM or this link was closed
        }
        closed = true;
        PlatformException gone = lost("the line closed");
        waiting.values().forEach(w -> w.completeExceptionally(gone));
    }

    private void answer(String line) {
        String[] f = line.split(" ", -1);
        try {
            if (f.length == 6 && f[0].equals("R")) {
                CompletableFuture<ExecResult> w = waiting.get(Long.parseLong(f[1]));
                if (w != null) {
                    Base64.Decoder b64 = Base64.getDecoder();
                    w.complete(new ExecResult(Integer.parseInt(f[2]), new String(b64.decode(f[4]), StandardCharsets.UTF_8),
                            new String(b64.decode(f[5]), StandardCharsets.UTF_8), Long.parseLong(f[3])));
                }
                return;
            }
        } catch (IllegalArgumentException malformed) {
            // counted below
        }
        if (!line.isEmpty() && dropped.incrementAndGet() % 100 == 1) {
            LOG.info("VM {}: {} lines on the agent line were no answer, dropped (the latest: {})", vm, dropped.get(),
                    line.length() > 80 ? line.substring(0, 80) + "..." : line);
        }
    }

    private PlatformException lost(String why) {
        return new PlatformException(ErrorCode.UNAVAILABLE, "VM " + vm + "'s guest agent line is gone (" + why
                + "): the VM stopped, or its image has no Mobitopolo init");
    }

    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
