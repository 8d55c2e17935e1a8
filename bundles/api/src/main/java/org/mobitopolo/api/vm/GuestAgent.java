package org.mobitopolo.api.vm;

import java.time.Duration;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs commands inside running guests through an agent on a channel of their own (not the console a
 * user types into), so that a measurement neither depends on a shell prompt nor mixes with what the
 * guest prints.
 */
@ProviderType
public interface GuestAgent {
    /**
     * Runs {@code argv} (no shell: the first word is the program) in VM {@code vm}'s guest and waits
     * for it to end, at most {@code timeout} (then it is killed and this fails).
     *
     * @throws org.mobitopolo.api.platform.PlatformException {@code NOT_FOUND} for no such VM,
     *     {@code CONFLICT} when it is not running, {@code UNAVAILABLE} when its guest has no agent or
     *     the command outlived the timeout
     */
    ExecResult exec(String vm, List<String> argv, Duration timeout);
}
