package org.mobitopolo.hypervisor.common;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.vm.OutgoingMigration;
import org.mobitopolo.api.vm.OutgoingMigration.State;

/**
 * A move of a VM to another host, on its source: its latest status, read by the engine while a
 * plugin's worker thread drives the copy, and whether it was asked to stop.
 */
public abstract class OutgoingMove {
    public volatile OutgoingMigration status = new OutgoingMigration(State.DISK, 0, 0, 0, 0, 0, 0, "");
    private volatile boolean cancelled;

    public boolean isFinal() {
        State s = status.state();
        return s == State.COMPLETED || s == State.FAILED || s == State.CANCELLED;
    }

    public void cancel() {
        cancelled = true;
    }

    /** Throws if the move was cancelled, for the worker to check between its steps. */
    protected void checkCancelled() {
        if (cancelled) {
            throw new PlatformException(ErrorCode.FAILED, "cancelled");
        }
    }

    /** Records that the move ended without the target taking over, for {@code why}; returns the final state. */
    protected State ended(Exception why) {
        State end = cancelled ? State.CANCELLED : State.FAILED;
        status = new OutgoingMigration(end, status.rounds(), status.bytes(), 0, 0, 0, 0,
                cancelled ? "cancelled" : String.valueOf(why.getMessage()));
        return end;
    }

    /** Records that a completed move was undone because its target did not take over, and the VM runs here again. */
    public void resumedHere() {
        status = new OutgoingMigration(State.CANCELLED, status.rounds(), status.bytes(), 0, 0, 0, 0,
                "the target did not take over; resumed here");
    }

    /** The moves out of one hypervisor, by VM name. */
    public static final class Registry<M extends OutgoingMove> {
        private final Map<String, M> moves = new ConcurrentHashMap<>();

        /** Records a new move; fails with {@code CONFLICT} while the VM's last move is still under way. */
        public M begin(String vm, M move) {
            M previous = moves.get(vm);
            if (previous != null && !previous.isFinal()) {
                throw new PlatformException(ErrorCode.CONFLICT, "VM " + vm + " is moving already");
            }
            moves.put(vm, move);
            return move;
        }

        public M get(String vm) {
            M move = moves.get(vm);
            if (move == null) {
                throw new PlatformException(ErrorCode.NOT_FOUND, "VM " + vm + " is not moving");
            }
            return move;
        }

        /**
         * Ends a completed move once the target has taken over; fails with {@code CONFLICT} while the
         * VM has not been sent, so that it stays here.
         */
        public void finish(String vm) {
            if (get(vm).status.state() != State.COMPLETED) {
                throw new PlatformException(ErrorCode.CONFLICT, "VM " + vm + " has not been sent; it stays here");
            }
            moves.remove(vm);
        }
    }
}
