package org.mobitopolo.api.vm;

/**
 * What a command run in a guest by its agent ({@link Hypervisor#exec}) gave.
 *
 * @param exitCode the command's exit status (128 + the signal's number when a signal ended it)
 * @param stdout its standard output, as text (UTF-8), at most 1 MiB
 * @param stderr its standard error, as text, at most 64 KiB
 * @param millis how long it ran in the guest
 */
public record ExecResult(int exitCode, String stdout, String stderr, long millis) {}
