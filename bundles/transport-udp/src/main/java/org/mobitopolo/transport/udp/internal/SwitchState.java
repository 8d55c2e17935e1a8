package org.mobitopolo.transport.udp.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import org.mobitopolo.api.net.Endpoint;
import org.mobitopolo.api.net.LinkShape;
import org.mobitopolo.api.net.TunnelInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The switch's networks and tunnels (with their shaping) in a properties file, so that they outlive
 * a restart of the runtime. Ports are not kept: VMs open theirs again when they start.
 */
final class SwitchState {
    private static final Logger LOG = LoggerFactory.getLogger(SwitchState.class);

    /** A tunnel as it was saved. */
    record SavedTunnel(String id, Endpoint remote, LinkShape shape) {}

    private final Path file;

    /** @param file where to keep the state, or {@code null} to keep nothing */
    SwitchState(Path file) {
        this.file = file;
    }

    List<String> networks() {
        Properties p = read();
        return p.stringPropertyNames().stream().filter(k -> k.startsWith("network."))
                .map(p::getProperty).sorted().toList();
    }

    List<SavedTunnel> tunnels() {
        Properties p = read();
        List<SavedTunnel> saved = new ArrayList<>();
        for (String key : new TreeSet<>(p.stringPropertyNames())) {
            if (key.startsWith("tunnel.") && key.endsWith(".remote")) {
                String id = key.substring("tunnel.".length(), key.length() - ".remote".length());
                String[] shape = p.getProperty("tunnel." + id + ".shape", "0,0,0,0").split(",");
                try {
                    saved.add(new SavedTunnel(id, Endpoint.parse(p.getProperty(key)), new LinkShape(Long.parseLong(shape[0]),
                            Long.parseLong(shape[1]), Long.parseLong(shape[2]), Double.parseDouble(shape[3]))));
                } catch (RuntimeException e) {
                    LOG.warn("Saved tunnel {} in {} is unreadable and left out: {}", id, file, e.getMessage());
                }
            }
        }
        return saved;
    }

    void save(List<String> networks, List<TunnelInfo> tunnels) {
        if (file == null) {
            return;
        }
        Properties p = new Properties();
        for (int i = 0; i < networks.size(); i++) {
            p.setProperty("network." + i, networks.get(i));
        }
        for (TunnelInfo t : tunnels) {
            LinkShape s = t.shape();
            p.setProperty("tunnel." + t.id() + ".remote", t.remote().toString());
            p.setProperty("tunnel." + t.id() + ".shape",
                    s.delayMillis() + "," + s.jitterMillis() + "," + s.rateBitsPerSecond() + "," + s.lossPercent());
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp)) {
                p.store(w, "Mobitopolo virtual switch: networks and tunnels");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("Cannot save the switch's networks and tunnels to {}: {}", file, e.getMessage());
        }
    }

    private Properties read() {
        Properties p = new Properties();
        if (file != null && Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            } catch (IOException e) {
                LOG.warn("Cannot read the switch's saved state {}: {}", file, e.getMessage());
            }
        }
        return p;
    }
}
