package io.wirehub.normalize;

/** Thrown by a lazy {@link ItemReader} when the rest of the document cannot be read. */
public class ParseRuntimeException extends RuntimeException {
    public ParseRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }
}
