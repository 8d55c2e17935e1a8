package org.mobitopolo.store.internal;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleReference;

/**
 * A module bundle's migration scripts, for Flyway. Flyway's own scanning asks the class loader for
 * the directory {@code db/migration/<module>}, which a bundle class loader finds only when the jar
 * has an entry for that directory (Maven's jars do, others need not), and then parses the
 * framework's bundle URLs. The bundle itself lists its entries either way.
 */
final class BundleMigrations implements ResourceProvider {
    private final List<Script> scripts;

    private BundleMigrations(List<Script> scripts) {
        this.scripts = List.copyOf(scripts);
    }

    /** The scripts directly in {@code location} of the loader's bundle (and its fragments), if the loader is a bundle's. */
    static Optional<BundleMigrations> of(ClassLoader loader, String location) {
        if (!(loader instanceof BundleReference reference)) {
            return Optional.empty();
        }
        Bundle bundle = reference.getBundle();
        List<Script> scripts = new ArrayList<>();
        Enumeration<URL> entries = bundle.findEntries(location, "*.sql", false);
        for (URL entry : entries == null ? Collections.<URL>emptyList() : Collections.list(entries)) {
            String path = entry.getPath().startsWith("/") ? entry.getPath().substring(1) : entry.getPath();
            scripts.add(new Script(path, path.substring(path.lastIndexOf('/') + 1), entry));
        }
        return Optional.of(new BundleMigrations(scripts));
    }

    boolean isEmpty() {
        return scripts.isEmpty();
    }

    @Override
    public LoadableResource getResource(String name) {
        return scripts.stream().filter(s -> s.getRelativePath().equals(name) || s.getAbsolutePath().equals(name))
                .findFirst().orElse(null);
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
        List<LoadableResource> matching = new ArrayList<>();
        for (Script s : scripts) {
            if (s.getFilename().startsWith(prefix) && Arrays.stream(suffixes).anyMatch(s.getFilename()::endsWith)) {
                matching.add(s);
            }
        }
        return matching;
    }

    /** One script: named as Flyway names a class path resource, read as UTF-8 (Flyway's default). */
    private static final class Script extends LoadableResource {
        private final String path;
        private final String name;
        private final URL url;

        Script(String path, String name, URL url) {
            this.path = path;
            this.name = name;
            this.url = url;
        }

        @Override
        public Reader read() {
            try {
                return new InputStreamReader(url.openStream(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read migration " + url, e);
            }
        }

        @Override
        public String getAbsolutePath() {
            return path;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return url.toExternalForm();
        }

        @Override
        public String getFilename() {
            return name;
        }

        @Override
        public String getRelativePath() {
            return name;
        }
    }
}
