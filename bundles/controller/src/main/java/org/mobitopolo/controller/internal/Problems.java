package org.mobitopolo.controller.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.mobitopolo.api.topology.Problem;
import org.mobitopolo.api.topology.TopologyException;

/** Collects every problem of a file instead of stopping at the first. */
final class Problems {
    private final List<Problem> list = new ArrayList<>();

    void add(String path, Tree.Pos pos, String message) {
        list.add(new Problem(path, pos.line(), pos.column(), message));
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    /** Throws the problems found so far, in the file's order (those without a place last), if any. */
    void throwIfAny() {
        if (!list.isEmpty()) {
            List<Problem> sorted = new ArrayList<>(list);
            // A stable sort: problems at one place keep the order they were found in.
            sorted.sort(Comparator.comparingInt((Problem p) -> p.line() == 0 ? Integer.MAX_VALUE : p.line())
                    .thenComparingInt(Problem::column));
            throw new TopologyException(sorted);
        }
    }
}
