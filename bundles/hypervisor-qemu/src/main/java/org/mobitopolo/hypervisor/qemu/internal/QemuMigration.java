package org.mobitopolo.hypervisor.qemu.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.vm.IncomingVm;
import org.mobitopolo.api.vm.MigrationTuning;
import org.mobitopolo.api.vm.OutgoingMigration;
import org.mobitopolo.api.vm.OutgoingMigration.State;
import org.mobitopolo.api.vm.VmState;
import org.mobitopolo.hypervisor.common.OutgoingMove;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Both ends of a live move, as measured on these machines (DESIGN.md): the target QEMU waits with
 * {@code -incoming tcp:} and serves its empty disk over NBD; the source mirrors its disk there
 * ({@code drive-mirror}, sync full), then pre-copies memory with {@code pause-before-switchover}, so
 * that the disk mirror is ended while the guest is paused and not a write is lost.
 */
final class QemuMigration {
    private static final Logger LOG = LoggerFactory.getLogger(QemuMigration.class);
    /** "No cap": QEMU's default cap is 128 MiB/s, and 0 would stop the copy. */
    private static final long UNCAPPED = 100L << 30;

    private final ExecutorService workers;
    private final OutgoingMove.Registry<Outgoing> outgoing = new OutgoingMove.Registry<>();

    QemuMigration(ExecutorService workers) {
        this.workers = workers;
    }

    /** Where the target listens: a TCP port free right now on {@code host}. */
    static int freeTcpPort(String host) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(host, 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "cannot listen on " + host + " for an incoming VM: "
                    + e.getMessage(), e);
        }
    }

    static long diskBytes(QemuVm vm) {
        return diskImage(vm).path("virtual-size").asLong();
    }

    /** The VM's disk image as {@code query-block} describes it, with its backing chain. */
    private static JsonNode diskImage(QemuVm vm) {
        for (JsonNode device : vm.qmp().execute("query-block", null)) {
            if (device.path("device").asText().equals("disk0")) {
                return device.path("inserted").path("image");
            }
        }
        throw new PlatformException(ErrorCode.FAILED, "VM " + vm.spec.name() + " has no disk0");
    }

    /**
     * The disk mirror's speed for a cap on the link. QEMU's mirror limit counts the runs of zeros it
     * sends as a few bytes of NBD WRITE_ZEROES as if they were data, so a mostly empty disk would crawl
     * at the cap (a 64 MiB disk holding 4 MB took 80 s at 1 MB/s); scaled by the share of the disk
     * that holds data, the cap holds for what crosses the link.
     */
    private static long mirrorSpeed(QemuVm vm, long cap) {
        if (cap == 0) {
            return 0;
        }
        JsonNode image = diskImage(vm);
        long size = image.path("virtual-size").asLong();
        long allocated = 0;
        for (JsonNode i = image; !i.isMissingNode(); i = i.path("backing-image")) {
            allocated += i.path("actual-size").asLong();
        }
        return (long) Math.min(UNCAPPED, cap * ((double) size / Math.max(1, Math.min(size, allocated))));
    }

    void send(QemuVm vm, IncomingVm target, MigrationTuning tuning) {
        if (vm.state() != VmState.RUNNING) {
            throw new PlatformException(ErrorCode.CONFLICT, "VM " + vm.spec.name() + " is " + vm.state()
                    + "; only a running VM moves live");
        }
        Outgoing move = outgoing.begin(vm.spec.name(), new Outgoing(vm));
        workers.execute(() -> move.run(target, tuning));
    }

    OutgoingMigration status(String vm) {
        return outgoing.get(vm).status;
    }

    void tune(QemuVm vm, MigrationTuning tuning) {
        outgoing.get(vm.spec.name());
        setParameters(vm, tuning);
    }

    /** Stops a move in flight; after a completed one whose target did not take over, runs the guest here again. */
    void cancel(String vm) {
        Outgoing move = outgoing.get(vm);
        if (move.status.state() == State.COMPLETED) {
            move.vm.qmp().execute("cont", null); // from QEMU's post-migrate pause; the disk becomes writable again
            move.resumedHere();
            LOG.warn("VM {} resumed here: its target did not take over", vm);
        } else {
            move.cancel();
        }
    }

    /** Ends a completed move; fails with {@code CONFLICT} while the VM has not been sent. */
    void finish(String vm) {
        outgoing.finish(vm);
    }

    /** The cap holds for the disk mirror (a block job of its own) and for memory alike. */
    private static void setParameters(QemuVm vm, MigrationTuning t) {
        try {
            vm.qmp().execute("block-job-set-speed", Map.of("device", "mirror0", "speed", t.bandwidthBytesPerSecond()));
        } catch (PlatformException mirrorEnded) {
            // the disk is in step already; only memory is left to cap
        }
        // Throttling starts at half the guest's CPU time and takes 20% more each round that does not
        // converge (QEMU's defaults, 20% and 10%, take too many rounds on a slow link).
        vm.qmp().execute("migrate-set-parameters", Map.of(
                "downtime-limit", t.downtimeMillis(),
                "max-bandwidth", t.bandwidthBytesPerSecond() > 0 ? t.bandwidthBytesPerSecond() : UNCAPPED,
                "cpu-throttle-initial", 50,
                "cpu-throttle-increment", 20));
    }

    /** One move out, driven on a worker thread; its status is read by the engine as it goes. */
    private static final class Outgoing extends OutgoingMove {
        final QemuVm vm;
        private long diskBytes;

        Outgoing(QemuVm vm) {
            this.vm = vm;
        }


        void run(IncomingVm target, MigrationTuning tuning) {
            String name = vm.spec.name();
            try {
                mirrorDisk(target, tuning);
                // A capped move is one over a slow link: there, pages sent again go as XOR deltas against
                // what was sent before (an idle guest rewrites a few bytes of the same pages over and over).
                boolean slowLink = tuning.bandwidthBytesPerSecond() > 0;
                vm.qmp().execute("migrate-set-capabilities", Map.of("capabilities", List.of(
                        Map.of("capability", "pause-before-switchover", "state", true),
                        Map.of("capability", "auto-converge", "state", tuning.throttleGuest()),
                        Map.of("capability", "xbzrle", "state", slowLink))));
                setParameters(vm, tuning);
                vm.qmp().execute("migrate", Map.of("uri", target.memoryUri()));
                copyMemory();
                LOG.info("VM {} sent to {} in {} rounds, {} ms down", name, target.memoryUri(), status.rounds(),
                        status.downtimeMillis());
            } catch (RuntimeException e) {
                abandon();
                State end = ended(e);
                LOG.warn("Move of VM {} {}: {}; it runs on here", name, end, status.error());
            }
        }

        /**
         * Mirrors the whole disk to the target's NBD server until source and copy are in step; from then
         * on the plain cap holds for the guest's new writes, which are data.
         */
        private void mirrorDisk(IncomingVm target, MigrationTuning tuning) {
            vm.qmp().execute("drive-mirror", Map.of("job-id", "mirror0", "device", "disk0", "target", target.diskUri(),
                    "sync", "full", "format", "raw", "mode", "existing",
                    "speed", mirrorSpeed(vm, tuning.bandwidthBytesPerSecond())));
            while (true) {
                checkCancelled();
                JsonNode job = mirrorJob();
                if (job == null) {
                    throw new PlatformException(ErrorCode.FAILED, "the disk mirror to " + target.diskUri() + " stopped");
                }
                diskBytes = job.path("offset").asLong();
                status = new OutgoingMigration(State.DISK, 0, diskBytes, job.path("len").asLong() - diskBytes, 0, 0, 0, "");
                if (job.path("ready").asBoolean()) {
                    return;
                }
                Qmp.sleep(50);
            }
        }

        private JsonNode mirrorJob() {
            for (JsonNode job : vm.qmp().execute("query-block-jobs", null)) {
                if (job.path("device").asText().equals("mirror0")) {
                    return job;
                }
            }
            return null;
        }

        /** Follows QEMU's pre-copy rounds; at the pause before switchover, ends the disk mirror and lets it finish. */
        private void copyMemory() {
            while (true) {
                JsonNode q = vm.qmp().execute("query-migrate", null);
                JsonNode ram = q.path("ram");
                String state = q.path("status").asText();
                switch (state) {
                    case "pre-switchover" -> {
                        status = progress(State.SWITCHOVER, ram, q);
                        if (mirrorJob() == null) {
                            // QEMU ended the mirror on its own (a write to the target failed): the copy is incomplete
                            throw new PlatformException(ErrorCode.FAILED, "the disk mirror stopped before the switchover");
                        }
                        vm.qmp().execute("block-job-cancel", Map.of("device", "mirror0"));
                        while (mirrorJob() != null) {
                            Qmp.sleep(5);
                        }
                        vm.qmp().execute("migrate-continue", Map.of("state", "pre-switchover"));
                    }
                    case "completed" -> {
                        status = new OutgoingMigration(State.COMPLETED, ram.path("dirty-sync-count").asInt(),
                                diskBytes + ram.path("transferred").asLong(), 0, 0, 0, q.path("downtime").asLong(), "");
                        return;
                    }
                    case "failed", "cancelled" -> throw new PlatformException(ErrorCode.FAILED,
                            "QEMU's migration " + state + ": " + q.path("error-desc").asText("no reason given"));
                    default -> {
                        checkCancelled();
                        if (status.state() != State.SWITCHOVER) {
                            status = progress(State.MEMORY, ram, q);
                        }
                        Qmp.sleep(20);
                    }
                }
            }
        }

        private OutgoingMigration progress(State state, JsonNode ram, JsonNode q) {
            return new OutgoingMigration(state, ram.path("dirty-sync-count").asInt(),
                    diskBytes + ram.path("transferred").asLong(), ram.path("remaining").asLong(),
                    ram.path("dirty-pages-rate").asLong() * ram.path("page-size").asLong(4096),
                    q.path("expected-downtime").asLong(), 0, "");
        }



        /** Stops whatever is under way; QEMU resumes a guest a failed migration had paused. */
        private void abandon() {
            for (var command : List.of(Map.entry("migrate_cancel", Map.<String, Object>of()),
                    Map.entry("block-job-cancel", Map.<String, Object>of("device", "mirror0", "force", true)))) {
                try {
                    vm.qmp().execute(command.getKey(), command.getValue().isEmpty() ? null : command.getValue());
                } catch (RuntimeException e) {
                    LOG.debug("VM {}: {} after a failed move: {}", vm.spec.name(), command.getKey(), e.getMessage());
                }
            }
            try {
                if (vm.qmp().execute("query-status", null).path("status").asText().equals("paused")
                        && vm.state() == VmState.RUNNING) {
                    vm.qmp().execute("cont", null);
                }
            } catch (RuntimeException e) {
                LOG.warn("VM {}: cannot check it runs on after a failed move: {}", vm.spec.name(), e.getMessage());
            }
        }
    }
}
