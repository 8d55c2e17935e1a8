package org.mobitopolo.transport.udp.internal;

import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.mobitopolo.api.net.LinkShape;

/**
 * Delay, jitter, rate limit and loss for the frames sent to one port, in user space. Runs on the
 * switch's one event loop thread: a frame's departure is its serialisation at the limited rate after
 * the ones before it, plus the delay and a jitter draw, never before the frame ahead of it.
 */
final class Shaper {
    private static final long MAX_QUEUE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private record Pending(long departureNanos, Runnable send) {}

    private final EventLoop loop;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private boolean drainScheduled;
    private volatile LinkShape shape = LinkShape.NONE;
    private long rateFreeAtNanos;
    private long lastDepartureNanos;

    Shaper(EventLoop loop) {
        this.loop = loop;
    }

    LinkShape shape() {
        return shape;
    }

    void shape(LinkShape s) {
        shape = s;
    }

    boolean isActive() {
        return !shape.isNone();
    }

    /** Sends a frame of {@code bytes} when the link lets it go; returns the drop, or null when it will go. */
    Frames.Drop submit(int bytes, Runnable send) {
        LinkShape s = shape;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (s.lossPercent() > 0 && random.nextDouble() * 100 < s.lossPercent()) {
            return Frames.Drop.SHAPED_LOSS;
        }
        long now = System.nanoTime();
        long departure = now;
        if (s.rateBitsPerSecond() > 0) {
            long start = Math.max(now, rateFreeAtNanos);
            if (start - now > MAX_QUEUE_NANOS) {
                return Frames.Drop.SHAPED_QUEUE_FULL;
            }
            rateFreeAtNanos = start + bytes * 8L * 1_000_000_000L / s.rateBitsPerSecond();
            departure = rateFreeAtNanos;
        }
        departure += TimeUnit.MILLISECONDS.toNanos(s.delayMillis());
        if (s.jitterMillis() > 0) {
            departure += random.nextLong(TimeUnit.MILLISECONDS.toNanos(s.jitterMillis()) + 1);
        }
        departure = Math.max(departure, lastDepartureNanos);
        lastDepartureNanos = departure;
        if (departure <= now && queue.isEmpty()) {
            send.run();
            return null;
        }
        queue.add(new Pending(departure, send));
        if (!drainScheduled) {
            drainScheduled = true;
            loop.schedule(this::drain, departure - now, TimeUnit.NANOSECONDS);
        }
        return null;
    }

    /**
     * Sends every frame whose time has come, in the order they came, and wakes up again for the
     * next. One queue per port: timers of their own would fire in whatever order equal deadlines get.
     */
    private void drain() {
        long now = System.nanoTime();
        Pending head;
        while ((head = queue.peek()) != null && head.departureNanos() <= now) {
            queue.poll().send().run();
        }
        if (head == null) {
            drainScheduled = false;
        } else {
            loop.schedule(this::drain, head.departureNanos() - now, TimeUnit.NANOSECONDS);
        }
    }
}
