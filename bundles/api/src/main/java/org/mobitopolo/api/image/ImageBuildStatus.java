package org.mobitopolo.api.image;

import java.util.List;

/**
 * One image build as it stands.
 *
 * @param id this build's id: the image's name and a random suffix
 * @param name the image it builds
 * @param suite the Debian suite its packages come from, e.g. {@code bookworm}
 * @param packages the packages asked for, sorted, without repetitions
 * @param cacheKey SHA-256 (hex) of the suite, the sorted packages and the guest conventions' version:
 *     an image built from the same carries it as its ext4 file system UUID (its first 128 bits)
 * @param state running, completed or failed
 * @param phase the step it is at
 * @param log the build's last lines of output (mmdebstrap's and ours)
 * @param logLines how many lines it has written in all (so a follower prints each line once)
 * @param bytes the bytes of the root tree's files so far
 * @param downloadedBytes the bytes of .deb files fetched from the mirror (the cache had the rest)
 * @param imageBytes the ext4 image's size once made, otherwise 0
 * @param cached whether an image built from the same packages was reused instead of building one
 * @param cachedFrom the image reused, when {@code cached}
 * @param error why it failed, or empty
 * @param startedMillis when it was asked for, epoch ms
 * @param endedMillis when it ended, epoch ms, or 0 while it runs
 */
public record ImageBuildStatus(String id, String name, String suite, List<String> packages, String cacheKey,
        BuildState state, BuildPhase phase, List<String> log, long logLines, long bytes, long downloadedBytes,
        long imageBytes, boolean cached, String cachedFrom, String error, long startedMillis, long endedMillis) {
    public ImageBuildStatus {
        packages = List.copyOf(packages);
        log = List.copyOf(log);
    }
}
