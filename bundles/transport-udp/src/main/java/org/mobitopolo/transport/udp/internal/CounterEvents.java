package org.mobitopolo.transport.udp.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.mobitopolo.api.net.NetworkInfo;
import org.mobitopolo.api.net.PortInfo;
import org.mobitopolo.api.net.TunnelInfo;
import org.mobitopolo.api.net.VirtualSwitch;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts the switch's counters once a second as {@value #TOPIC}, for views that draw rates: every port
 * (with its network and owner) and every tunnel, with frames, bytes and drops. While no counter moves
 * nothing is posted, after one last post that shows them still. Read off the switch's own thread.
 *
 * <p>Public only because Felix SCR instantiates components through public constructors.
 */
@Component(immediate = true)
public final class CounterEvents {
    /** Properties {@code ports} and {@code tunnels} (lists of objects) and {@code millis} (when read). */
    public static final String TOPIC = "org/mobitopolo/net/COUNTERS";
    private static final Logger LOG = LoggerFactory.getLogger(CounterEvents.class);

    private final VirtualSwitch vswitch;
    private final EventAdmin events;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mobi-switch-counters");
        t.setDaemon(true);
        return t;
    });
    private List<List<Map<String, Object>>> last = List.of();
    private boolean moved;

    @Activate
    public CounterEvents(@Reference VirtualSwitch vswitch, @Reference EventAdmin events) {
        this.vswitch = vswitch;
        this.events = events;
        timer.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    private void tick() {
        try {
            List<Map<String, Object>> ports = new ArrayList<>();
            for (NetworkInfo network : vswitch.networks()) {
                for (PortInfo p : vswitch.ports(network.name())) {
                    ports.add(Map.of("network", network.name(), "port", p.binding().portId(),
                            "owner", p.owner() == null ? "" : p.owner(), "rxFrames", p.rxFrames(), "rxBytes", p.rxBytes(),
                            "txFrames", p.txFrames(), "txBytes", p.txBytes(), "drops", sum(p.drops())));
                }
            }
            List<Map<String, Object>> tunnels = new ArrayList<>();
            for (TunnelInfo t : vswitch.tunnels()) {
                tunnels.add(Map.of("tunnel", t.id(), "remote", t.remote().host() + ":" + t.remote().port(),
                        "rxFrames", t.rxFrames(), "rxBytes", t.rxBytes(), "txFrames", t.txFrames(), "txBytes", t.txBytes(),
                        "drops", sum(t.drops())));
            }
            List<List<Map<String, Object>>> now = List.of(ports, tunnels);
            boolean moving = !now.equals(last);
            if (moving || moved) {
                events.postEvent(new Event(TOPIC, Map.of("ports", ports, "tunnels", tunnels, "millis", System.currentTimeMillis())));
            }
            moved = moving;
            last = now;
        } catch (RuntimeException e) {
            LOG.debug("Counters not read this second: {}", e.getMessage()); // a network going while it was read
        }
    }

    private static long sum(Map<String, Long> drops) {
        return drops.values().stream().mapToLong(Long::longValue).sum();
    }
}
