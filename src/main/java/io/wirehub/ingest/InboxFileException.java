package io.wirehub.ingest;

/** An inbox file that could not be processed; the reason is in error/&lt;name&gt;.error.txt. */
public class InboxFileException extends Exception {
    public InboxFileException(String message) {
        super(message);
    }
}
