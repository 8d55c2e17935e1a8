package org.mobitopolo.transfer.internal;

/** What a transfer fetches: where the source exports it, and how messages name it. */
enum Kind {
    SNAPSHOT("snapshot", "/api/v1/snapshots/"),
    IMAGE("image", "/api/v1/images/");

    /** The word messages use, e.g. "snapshot web-ready". */
    final String word;
    private final String collection;

    Kind(String word, String collection) {
        this.word = word;
        this.collection = collection;
    }

    /** The source's export of {@code name} (its listing), or of one of its files. */
    String exportPath(String name, String file) {
        return collection + name + "/export" + (file == null ? "" : "/" + file);
    }
}
