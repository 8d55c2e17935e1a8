package org.mobitopolo.hypervisor.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.vm.VmState;

/**
 * Watches a starting VM's console log for the guest's ready marker; a guest that stays silent past
 * its deadline is killed and marked FAILED, so a start never hangs.
 */
public final class ReadinessWatch {
    private static final long POLL_MILLIS = 25;

    private final GuestVm vm;
    private final ScheduledExecutorService timer;
    private final long deadline;
    private final Runnable kill;
    private long offset;
    private String carry = "";
    private ScheduledFuture<?> poll;

    public ReadinessWatch(GuestVm vm, long offset, ScheduledExecutorService timer, Duration timeout, Runnable kill) {
        this.vm = vm;
        this.offset = offset;
        this.timer = timer;
        this.deadline = System.nanoTime() + timeout.toNanos();
        this.kill = kill;
    }

    public void start() {
        poll = timer.scheduleWithFixedDelay(this::check, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
        vm.ready.whenComplete((i, e) -> poll.cancel(false));
    }

    private void check() {
        try {
            if (newOutputHasMarker()) {
                vm.state(VmState.RUNNING, "");
                vm.ready.complete(vm.info());
            } else if (System.nanoTime() > deadline && !vm.ready.isDone()) {
                String why = "no " + GuestVm.READY_MARKER + " from the guest in time; last console lines: "
                        + String.join(" | ", vm.console(5));
                kill.run();
                vm.state(VmState.FAILED, why);
                vm.ready.completeExceptionally(new PlatformException(ErrorCode.FAILED, "VM " + vm.spec.name() + ": " + why));
            }
        } catch (IOException | RuntimeException e) {
            vm.ready.completeExceptionally(e);
        }
    }

    private boolean newOutputHasMarker() throws IOException {
        if (vm.consoleOffset() <= offset) {
            return false; // a stat, not an open and a read: a hundred booting guests are polled 40 times a second each
        }
        String fresh = vm.consoleSince(offset);
        offset += fresh.getBytes(StandardCharsets.UTF_8).length;
        // Keep the tail, in case the marker straddles two reads.
        String text = carry + fresh;
        carry = text.substring(Math.max(0, text.length() - GuestVm.READY_MARKER.length()));
        return text.contains(GuestVm.READY_MARKER);
    }
}
