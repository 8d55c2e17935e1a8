package org.mobitopolo.bench.iperf.internal;

import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.mobitopolo.api.bench.BandwidthProbe;
import org.mobitopolo.api.bench.ProbeInterval;
import org.mobitopolo.api.bench.ProbeRequest;
import org.mobitopolo.api.bench.ProbeResult;
import org.mobitopolo.api.platform.PluginCatalog;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bandwidth tests against any iperf3 server (the real one or ours), on Netty.
 *
 * <p>Public only because Felix SCR instantiates components through public constructors; the
 * package is not exported.
 */
@Component(property = PluginCatalog.PLUGIN_NAME + "=iperf3")
public final class IperfClient implements BandwidthProbe {
    private static final Logger LOG = LoggerFactory.getLogger(IperfClient.class);
    private final Loops loops;

    @Activate
    public IperfClient() {
        this.loops = Loops.create(2);
        LOG.info("iperf3 client ready ({})", loops.epoll() ? "epoll" : "NIO");
    }

    @Override
    public CompletionStage<ProbeResult> run(ProbeRequest request, Consumer<ProbeInterval> progress) {
        return new ClientRun(loops, request, progress).start();
    }

    @Deactivate
    void close() {
        loops.close();
    }
}
