package org.mobitopolo.hypervisor.common;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.mobitopolo.api.net.Endpoint;
import org.mobitopolo.api.vm.NicSpec;
import org.mobitopolo.api.vm.VmSpec;

/** A VM's definition and hypervisor facts as a properties file, readable and editable by people. */
public final class SpecFile {
    private SpecFile() {}

    public static void write(Path file, VmSpec spec, Map<String, String> extra) throws IOException {
        Properties p = new Properties();
        p.setProperty("name", spec.name());
        p.setProperty("hypervisor", spec.hypervisor());
        p.setProperty("memoryMb", Integer.toString(spec.memoryMb()));
        p.setProperty("image", spec.image());
        for (int i = 0; i < spec.nics().size(); i++) {
            NicSpec nic = spec.nics().get(i);
            p.setProperty("nic." + i + ".network", nic.network());
            p.setProperty("nic." + i + ".mac", nic.mac());
            if (nic.local() != null) {
                p.setProperty("nic." + i + ".local", nic.local().toString());
                p.setProperty("nic." + i + ".remote", nic.remote().toString());
            }
        }
        spec.params().forEach((k, v) -> p.setProperty("param." + k, v));
        extra.forEach(p::setProperty);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp)) {
            p.store(w, "Mobitopolo VM");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    public static Properties read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return p;
    }

    public static VmSpec spec(Properties p) {
        List<NicSpec> nics = new ArrayList<>();
        for (int i = 0; p.containsKey("nic." + i + ".mac"); i++) {
            String local = p.getProperty("nic." + i + ".local");
            nics.add(new NicSpec(p.getProperty("nic." + i + ".network", ""), p.getProperty("nic." + i + ".mac"),
                    local == null ? null : Endpoint.parse(local), local == null ? null : Endpoint.parse(p.getProperty("nic." + i + ".remote"))));
        }
        Map<String, String> params = new TreeMap<>();
        p.stringPropertyNames().stream()
                .filter(k -> k.startsWith("param."))
                .forEach(k -> params.put(k.substring("param.".length()), p.getProperty(k)));
        return new VmSpec(p.getProperty("name"), p.getProperty("hypervisor"), Integer.parseInt(p.getProperty("memoryMb")),
                p.getProperty("image", ""), nics, params);
    }
}
