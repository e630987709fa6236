package io.wirehub.normalize;

/** A document that cannot be read at all. The message is shown to the operator as the reason. */
public class ParseException extends Exception {
    public ParseException(String message) {
        super(message);
    }

    public ParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
