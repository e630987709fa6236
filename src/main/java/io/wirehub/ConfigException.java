package io.wirehub;

import java.util.List;

/**
 * A mistake in the user's configuration: one line per problem, each naming the file, the entry,
 * the key (and the line where known), what was found and what is expected. The command line prints
 * the lines without a stack trace.
 */
public class ConfigException extends IllegalArgumentException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    /** A user's mistake, said in its message: no stack trace (where it was thrown says nothing to them). */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    public List<String> problems() {
        return problems;
    }

    /** The configuration mistake in a chain of causes (camel-main wraps what a stage throws), else null. */
    public static ConfigException in(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConfigException ce) {
                return ce;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }
}
