package org.mobitopolo.api.vm;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a VM is made of.
 *
 * @param name unique name: lower-case letters, digits and dashes, at most 32 characters
 * @param hypervisor the kind that runs it, e.g. {@code uml}
 * @param memoryMb guest memory in MiB
 * @param image the root image or directory the guest boots from; empty for the hypervisor's default
 *     guest, {@code snapshot:NAME} for a snapshot
 * @param nics its network cards, in order ({@code eth0} first)
 * @param params guest parameters handed to its init, e.g. {@code ip=10.0.0.2/24}
 */
public record VmSpec(String name, String hypervisor, int memoryMb, String image, List<NicSpec> nics,
        Map<String, String> params) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    public VmSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "VM name must be 1-32 lower-case letters, digits or dashes, got " + name);
        }
        if (memoryMb < 16 || memoryMb > 65536) {
            throw new IllegalArgumentException("memory must be 16-65536 MiB, got " + memoryMb);
        }
        if (hypervisor == null || hypervisor.isBlank()) {
            throw new IllegalArgumentException("hypervisor must name a kind, e.g. uml");
        }
        image = image == null ? "" : image;
        nics = nics == null ? List.of() : List.copyOf(nics);
        params = params == null ? Map.of() : Map.copyOf(params);
    }
}
