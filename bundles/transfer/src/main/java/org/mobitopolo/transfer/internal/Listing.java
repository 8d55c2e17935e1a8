package org.mobitopolo.transfer.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.vm.SnapshotFile;

/**
 * What a source host says a snapshot is made of ({@code GET /api/v1/snapshots/NAME/export}), checked
 * before anything is written: names become paths here.
 *
 * @param snapshot the snapshot's name
 * @param hypervisor the kind of VM it restores to
 * @param files its files, the base image ({@value SnapshotFile#BASE}) among them
 */
record Listing(String snapshot, String hypervisor, List<SnapshotFile> files) {
    private static final Pattern HYPERVISOR = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    static final String FACTS = "snapshot.properties";
    /** The one file of an image's listing ({@code GET /api/v1/images/NAME/export/content}). */
    static final String IMAGE = "content";

    /** The listing in {@code json}, the answer about {@code snapshot}; {@code FAILED} naming what is wrong in it. */
    static Listing parse(JsonNode json, String snapshot, String source) {
        if (!snapshot.equals(json.path("snapshot").asText())) {
            throw bad(source, "a listing of " + json.path("snapshot").asText("nothing") + ", not of " + snapshot);
        }
        String hypervisor = json.path("hypervisor").asText();
        if (!HYPERVISOR.matcher(hypervisor).matches()) {
            throw bad(source, "hypervisor \"" + hypervisor + "\"");
        }
        List<SnapshotFile> files = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode f : json.path("files")) {
            String name = f.path("name").asText();
            SnapshotFile file = new SnapshotFile(name, f.path("sizeBytes").asLong(-1), f.path("sha256").asText(),
                    f.path("modifiedMillis").asLong(-1));
            if (!Names.isFile(name) || !names.add(name)) {
                throw bad(source, "file name \"" + name + "\"");
            }
            if (file.sizeBytes() < 0 || file.modifiedMillis() < 0 || !SHA256.matcher(file.sha256()).matches()) {
                throw bad(source, "size, time or SHA-256 of file " + name);
            }
            files.add(file);
        }
        if (!names.contains(SnapshotFile.BASE) || !names.contains(FACTS)) {
            throw bad(source, "no " + SnapshotFile.BASE + " or no " + FACTS + " among the files");
        }
        return new Listing(snapshot, hypervisor, List.copyOf(files));
    }

    /** What {@code json} says of the image file {@code image} ({@code GET /api/v1/images/NAME/export}), checked. */
    static SnapshotFile image(JsonNode json, String image, String source) {
        if (!image.equals(json.path("name").asText())) {
            throw bad(source, "image", "a listing of " + json.path("name").asText("nothing") + ", not of " + image);
        }
        SnapshotFile file = new SnapshotFile(IMAGE, json.path("sizeBytes").asLong(-1), json.path("sha256").asText(),
                json.path("modifiedMillis").asLong(-1));
        if (file.sizeBytes() <= 0 || file.modifiedMillis() < 0 || !SHA256.matcher(file.sha256()).matches()) {
            throw bad(source, "image", "size, time or SHA-256");
        }
        return file;
    }

    private static PlatformException bad(String source, String what) {
        return bad(source, "snapshot", what);
    }

    private static PlatformException bad(String source, String kind, String what) {
        return new PlatformException(ErrorCode.FAILED, "source " + source + " sent a bad " + kind + " listing: " + what);
    }

    long totalBytes() {
        return files.stream().mapToLong(SnapshotFile::sizeBytes).sum();
    }

    SnapshotFile base() {
        return files.stream().filter(f -> f.name().equals(SnapshotFile.BASE)).findFirst().orElseThrow();
    }

    /** The snapshot's own files, all but the base. */
    List<SnapshotFile> own() {
        return files.stream().filter(f -> !f.name().equals(SnapshotFile.BASE)).toList();
    }
}
