package org.mobitopolo.hypervisor.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.mobitopolo.api.vm.VmSpec;

/**
 * Guest parameters travel on the guest kernel's command line as {@code mobi.KEY=VALUE}, where the
 * Mobitopolo init reads them, so they must be single safe words.
 */
public final class GuestParams {
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_./:,@%+=-]{0,200}");

    private GuestParams() {}

    public static void check(Map<String, String> params) {
        params.forEach((k, v) -> {
            if (!KEY.matcher(k).matches()) {
                throw new IllegalArgumentException("guest parameter names are lower-case words, got '" + k + "'");
            }
            if (!VALUE.matcher(v).matches()) {
                throw new IllegalArgumentException("guest parameter " + k + " must be one word without spaces or quotes, got '"
                        + v + "'");
            }
        });
    }

    /** The kernel arguments carrying a VM's parameters, its hostname (the VM's name by default) first. */
    public static List<String> kernelArgs(VmSpec spec) {
        List<String> args = new ArrayList<>();
        args.add("mobi.hostname=" + spec.params().getOrDefault("hostname", spec.name()));
        spec.params().entrySet().stream()
                .filter(e -> !e.getKey().equals("hostname"))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> args.add("mobi." + e.getKey() + "=" + e.getValue()));
        return args;
    }
}
