package org.mobitopolo.api.topology;

import java.util.List;
import java.util.stream.Collectors;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;

/**
 * A topology refused before anything was done, with every problem found (a {@code 400} on the REST
 * endpoint). Its message lists them, one a line.
 */
public class TopologyException extends PlatformException {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    /** Creates the refusal; {@code problems} is not empty. */
    public TopologyException(List<Problem> problems) {
        super(ErrorCode.BAD_REQUEST, message(problems));
        this.problems = List.copyOf(problems);
    }

    private static String message(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a refused topology has problems");
        }
        return problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in the topology:\n"
                + problems.stream().map(Problem::toString).collect(Collectors.joining("\n"));
    }

    /** The problems, in the order of the file. */
    public List<Problem> problems() {
        return problems;
    }
}
