package org.mobitopolo.api.transfer;

/** Where a snapshot transfer stands; all but {@link #RUNNING} are final. */
public enum TransferState {
    /** Files are being fetched, or checked and imported. */
    RUNNING,
    /** The snapshot is here: fetched and imported, or here already. */
    COMPLETED,
    /** It stopped on an error ({@link TransferInfo#error}); what was received is kept for the next attempt. */
    FAILED,
    /** It was cancelled; what was received is kept for the next attempt. */
    CANCELLED
}
