package org.mobitopolo.shell.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.migration.MigrationEngine;
import org.mobitopolo.api.migration.MigrationPolicy;
import org.mobitopolo.api.migration.MigrationPolicy.NoConvergence;
import org.mobitopolo.api.migration.MigrationReport;
import org.mobitopolo.api.migration.MigrationRequest;
import org.mobitopolo.api.platform.PlatformException;

/** {@code mobi:migrate}: moves a running VM to another host, printing a line per pre-copy round. */
@Service
@Command(scope = "mobi", name = "migrate", description = "Moves a running VM to another Mobitopolo host while it runs "
        + "(iterative pre-copy of disk and memory); on any failure it runs on here")
public class MigrateCommand implements Action {
    @Reference(optional = true)
    MigrationEngine engine;

    @Argument(index = 0, name = "vm", required = true, description = "the VM")
    @Completion(VmNameCompleter.class)
    String vm;

    @Argument(index = 1, name = "target", required = true, description = "the target host's URL, e.g. http://10.0.0.2:8181")
    String target;

    @Option(name = "-b", aliases = "--bandwidth", description = "cap on the copy rate in bit/s, e.g. 8M; none by default")
    String bandwidth = "0";

    @Option(name = "-d", aliases = "--downtime", description = "how long the VM may be paused for the last copy, ms")
    long downtimeMillis = 300;

    @Option(name = "-r", aliases = "--max-rounds", description = "pre-copy rounds before --on-no-convergence applies")
    int maxRounds = 30;

    @Option(name = "-t", aliases = "--max-time", description = "seconds before the move is given up")
    long maxSeconds = 600;

    @Option(name = "-c", aliases = "--on-no-convergence", description = "raise (the downtime budget, stepwise), "
            + "throttle (the guest's CPUs), or abort")
    String onNoConvergence = "raise";

    @Option(name = "--rebind", description = "how the target makes the VM reachable once it runs there: arp "
            + "(gratuitous ARP and RARP), none, or other installed strategies, comma-separated (dns,forward)")
    String rebind = MigrationRequest.ARP;

    @Option(name = "-n", aliases = "--network", multiValued = true, description = "SOURCE=TARGET: the NICs on network "
            + "SOURCE join TARGET on the target host (another subnet, say); repeatable")
    List<String> networkMap;

    static Map<String, String> networks(List<String> pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : pairs == null ? List.<String>of() : pairs) {
            String[] kv = p.split("=", -1);
            if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
                throw new IllegalArgumentException("--network is SOURCE=TARGET, e.g. site-a=site-b, got '" + p + "'");
            }
            out.put(kv[0], kv[1]);
        }
        return out;
    }

    @Override
    public Object execute() {
        MigrationEngine e = PlatformException.requirePlugin(engine, "migration engine", "mobitopolo-migration-precopy");
        NoConvergence policy = switch (onNoConvergence.toLowerCase(Locale.ROOT)) {
            case "raise" -> NoConvergence.RAISE_DOWNTIME;
            case "throttle" -> NoConvergence.THROTTLE_GUEST;
            case "abort" -> NoConvergence.ABORT;
            default -> throw new IllegalArgumentException("--on-no-convergence is raise, throttle or abort, got "
                    + onNoConvergence);
        };
        MigrationRequest request = new MigrationRequest(vm + "-" + UUID.randomUUID().toString().substring(0, 6), vm,
                Urls.parse(target), new MigrationPolicy(NetShapeCommand.bits(bandwidth) / 8, downtimeMillis, maxRounds,
                        maxSeconds * 1000, policy), rebind, networks(networkMap));
        MigrationReport report = VmText.join(e.migrate(request, p -> System.out.printf(
                "%s: %s round %d, %s sent, dirtying %s/s, downtime now %d ms%n", vm, p.phase(), p.round(),
                Units.bytes(p.bytesSent()), Units.bytes(p.dirtyBytesPerSecond()), p.expectedDowntimeMillis())));
        System.out.printf("%s: moved to %s in %.1f s, %d ms down, %d rounds, %s sent%n", vm, target,
                report.totalMillis() / 1e3, report.downtimeMillis(), report.rounds(), Units.bytes(report.bytes()));
        report.rebinding().forEach(line -> System.out.printf("%s: %s%n", vm, line));
        return null;
    }
}
