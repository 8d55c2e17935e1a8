package org.mobitopolo.hypervisor.uml.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
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
 * Moving UML VMs: a running UML cannot be checkpointed here (DESIGN.md), so its disk moves instead:
 * the base image, then its copy-on-write layer in rounds while the guest runs, until a round is small
 * enough for the downtime budget; then the guest is flushed and frozen, the last changes go, and it
 * boots on the target. Honestly a restart, not a live move.
 */
final class UmlMigration {
    private static final Logger LOG = LoggerFactory.getLogger(UmlMigration.class);
    private static final long FINAL_ROUND_FLOOR = 256 * 1024;

    private final UmlProcesses processes;
    private final ExecutorService workers;
    private final OutgoingMove.Registry<Outgoing> outgoing = new OutgoingMove.Registry<>();
    private final Map<String, DiskCopy.Receiver> incoming = new ConcurrentHashMap<>();

    UmlMigration(UmlProcesses processes, ExecutorService workers) {
        this.processes = processes;
        this.workers = workers;
    }

    /** The files a move carries, in the stream's order: base image, then copy-on-write layer. */
    static Path[] files(UmlVm vm) {
        return new Path[] {vm.base, vm.cow()};
    }

    IncomingVm receive(UmlVm vm, String host) throws IOException {
        DiskCopy.Receiver receiver = new DiskCopy.Receiver(host, files(vm));
        incoming.put(vm.spec.name(), receiver);
        return new IncomingVm(vm.spec.name(), "", "tcp://" + host + ":" + receiver.port());
    }

    /** Waits until the source has sent everything (its final round follows its freeze at once). */
    void awaitReceived(String vm) {
        DiskCopy.Receiver receiver = incoming.remove(vm);
        if (receiver == null) {
            throw new PlatformException(ErrorCode.CONFLICT, "VM " + vm + " is not receiving a move");
        }
        try {
            receiver.done.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new PlatformException(ErrorCode.FAILED, "the disk of VM " + vm + " did not arrive whole: "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
    }

    boolean isIncoming(String vm) {
        return incoming.containsKey(vm);
    }

    void dropIncoming(String vm) {
        DiskCopy.Receiver receiver = incoming.remove(vm);
        if (receiver != null) {
            try {
                receiver.close();
            } catch (IOException e) {
                LOG.debug("VM {}: closing its disk receiver: {}", vm, e.getMessage());
            }
        }
    }

    void send(UmlVm vm, IncomingVm target, MigrationTuning tuning) {
        if (vm.state() != VmState.RUNNING) {
            throw new PlatformException(ErrorCode.CONFLICT, "VM " + vm.spec.name() + " is " + vm.state()
                    + "; only a running VM moves");
        }
        Outgoing move = outgoing.begin(vm.spec.name(), new Outgoing(vm, tuning));
        workers.execute(() -> move.run(URI.create(target.diskUri())));
    }

    OutgoingMigration status(String vm) {
        return outgoing.get(vm).status;
    }

    void tune(String vm, MigrationTuning tuning) {
        outgoing.get(vm).tuning = tuning;
    }

    /** Ends a completed move; fails with {@code CONFLICT} while the VM has not been sent. */
    void finish(String vm) {
        outgoing.finish(vm);
    }

    /** One move out, on a worker thread. */
    private final class Outgoing extends OutgoingMove {
        private final UmlVm vm;
        volatile MigrationTuning tuning;

        Outgoing(UmlVm vm, MigrationTuning tuning) {
            this.vm = vm;
            this.tuning = tuning;
        }


        void run(URI target) {
            boolean frozen = false;
            try (DiskCopy.Sender sender = new DiskCopy.Sender(target.getHost(), target.getPort(), files(vm),
                    tuning.bandwidthBytesPerSecond())) {
                sender.round(0); // the base image, once: it does not change
                int round = 0;
                while (true) {
                    checkCancelled();
                    long t0 = System.nanoTime();
                    long sent = sender.round(1);
                    round++;
                    double seconds = Math.max(1e-3, (System.nanoTime() - t0) / 1e9);
                    long rate = (long) (sent / seconds);
                    // A round no bigger than what the link moves within the downtime budget can be the last.
                    long budget = Math.max(FINAL_ROUND_FLOOR, rate * tuning.downtimeMillis() / 1000);
                    status = new OutgoingMigration(State.DISK, round, sender.bytes, sent, rate, sent * 1000 / Math.max(1, rate), 0, "");
                    if (sent <= budget) {
                        break;
                    }
                }
                status = new OutgoingMigration(State.SWITCHOVER, round, sender.bytes, 0, 0, 0, 0, "");
                long frozenAt = System.nanoTime();
                frozen = true; // a pause that failed half-way is resumed too
                processes.pause(vm);
                vm.state(VmState.FROZEN, "moving");
                sender.round(1);
                sender.finish();
                status = new OutgoingMigration(State.COMPLETED, round + 1, sender.bytes, 0, 0, 0,
                        (System.nanoTime() - frozenAt) / 1_000_000, "");
                LOG.info("VM {}: disk sent in {} rounds, {} bytes", vm.spec.name(), round + 1, sender.bytes);
            } catch (IOException | RuntimeException e) {
                if (frozen) {
                    resume();
                }
                State end = ended(e);
                LOG.warn("Move of VM {} {}: {}; it runs on here", vm.spec.name(), end, status.error());
            }
        }


        void resume() {
            try {
                processes.command(vm, "go");
                vm.state(VmState.RUNNING, "");
            } catch (RuntimeException e) {
                LOG.warn("VM {} could not be resumed after a failed move: {}", vm.spec.name(), e.getMessage());
            }
        }
    }

    /** Stops a move in flight; after a completed one whose target did not take over, the frozen guest runs here again. */
    void cancel(String vm) {
        Outgoing move = outgoing.get(vm);
        if (move.status.state() == State.COMPLETED) {
            move.resume();
            move.resumedHere();
        } else {
            move.cancel();
        }
    }
}
