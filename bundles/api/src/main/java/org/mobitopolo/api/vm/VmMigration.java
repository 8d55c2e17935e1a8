package org.mobitopolo.api.vm;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Moving a running VM to another host, offered by hypervisor plugins beside their {@link Hypervisor}
 * service: live (QEMU: memory, devices and disk, the guest keeps running) or by restart (UML: the
 * disk is pre-copied while the guest runs, then it is frozen, the last changes are sent and it boots
 * on the target). A migration engine drives both ends: it prepares the VM on the target, has the
 * source send it, tunes the copy round by round, and then completes or abandons both ends. Until the
 * target has taken over, the source VM runs on untouched.
 */
@ConsumerType
public interface VmMigration {
    /** The kind of VM moved, the {@value Hypervisor#TYPE} of the hypervisor beside it. */
    String type();

    /** Whether the guest keeps running across a move; {@code false} when it boots again on the target. */
    boolean live();

    /**
     * Target: defines the VM here (a new switch port for each network NIC, an empty disk of
     * {@code diskBytes}) and starts it waiting for its state on {@code host}.
     */
    IncomingVm receive(VmSpec spec, long diskBytes, String host);

    /**
     * Target: once the source has finished sending, makes the VM an ordinary running VM here
     * (booting it, when moves are not live); returns when it runs.
     */
    VmInfo completeIncoming(String vm);

    /** Target: abandons an incoming VM that has not taken over: kills and forgets it. */
    void dropIncoming(String vm);

    /** Source: the size of the VM's disk, for {@link #receive}. */
    long diskBytes(String vm);

    /** Source: starts copying the running VM's disk, then its memory, to the target. */
    void send(String vm, IncomingVm target, MigrationTuning tuning);

    /** Source: changes the limits of a move in flight. */
    void tune(String vm, MigrationTuning tuning);

    /** Source: where the move stands. */
    OutgoingMigration status(String vm);

    /** Source: stops a move in flight; the VM runs on here. */
    void cancel(String vm);

    /** Source: after the target took over, ends the VM here: its process and its files. */
    void completeOutgoing(String vm);
}
