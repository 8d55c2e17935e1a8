package org.mobitopolo.transfer.internal;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.mobitopolo.api.security.PeerCredentials;
import org.mobitopolo.api.transfer.SnapshotTransfers;
import org.mobitopolo.api.transfer.TransferInfo;
import org.mobitopolo.api.vm.VmRegistry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshot transfers over HTTP ({@link TransferTable}), imported into the hypervisor of their kind.
 *
 * <p>Public only because Felix SCR instantiates components through public constructors; the
 * package is not exported.
 */
@Component(service = SnapshotTransfers.class, configurationPid = "org.mobitopolo.transfer")
@Designate(ocd = TransferService.Config.class)
public final class TransferService implements SnapshotTransfers {
    private static final Logger LOG = LoggerFactory.getLogger(TransferService.class);

    @ObjectClassDefinition(name = "Mobitopolo snapshot and image transfer")
    public @interface Config {
        @AttributeDefinition(description = "Where fetched files wait for their import (images too), and base images are kept; "
                + "empty for ${karaf.data}/mobitopolo/transfers")
        String dataDir() default "";

        @AttributeDefinition(description = "Seconds a source may send nothing (or not answer a request) before the "
                + "transfer fails; a new fetch resumes it", min = "1")
        int stallTimeoutSeconds() default 30;

        @AttributeDefinition(description = "Ended transfers still listed; the oldest are forgotten first, running ones never", min = "0")
        int keepFinished() default 100;
    }

    private final VmRegistry registry;
    private final TransferTable table;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PeerCredentials peers;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    @Activate
    public TransferService(@Reference VmRegistry registry, Config config) {
        this.registry = registry;
        Path data = dataDir(config);
        this.table = new TransferTable(settings(Kind.SNAPSHOT, TOPIC, config, () -> peers, () -> events),
                new SnapshotFetch(registry, new Staging(data)));
        LOG.info("Snapshot transfers staged in {}", data);
    }

    /** Where fetched files wait: {@code dataDir}, or {@code ${karaf.data}/mobitopolo/transfers}. */
    static Path dataDir(Config config) {
        return config.dataDir().isEmpty()
                ? Path.of(System.getProperty("karaf.data", System.getProperty("java.io.tmpdir")), "mobitopolo", "transfers")
                : Path.of(config.dataDir());
    }

    static TransferTable.Settings settings(Kind kind, String topic, Config config, Supplier<PeerCredentials> peers,
            Supplier<EventAdmin> events) {
        return new TransferTable.Settings(kind, topic, Duration.ofSeconds(config.stallTimeoutSeconds()), config.keepFinished(),
                peers, events);
    }

    @Deactivate
    void deactivate() {
        table.close();
        LOG.info("Snapshot transfers stopped");
    }

    @Override
    public CompletionStage<TransferInfo> fetch(String snapshot, URI from, long rateBytesPerSecond) {
        Names.snapshot(snapshot);
        return table.fetch(snapshot, from, rateBytesPerSecond,
                name -> registry.snapshots().stream().anyMatch(s -> s.name().equals(name)));
    }

    @Override
    public List<TransferInfo> list() {
        return table.list();
    }

    @Override
    public Optional<TransferInfo> get(String snapshot) {
        return table.get(snapshot);
    }

    @Override
    public TransferInfo cancel(String snapshot) {
        return table.cancel(snapshot);
    }
}
