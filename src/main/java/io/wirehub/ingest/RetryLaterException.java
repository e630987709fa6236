package io.wirehub.ingest;

import java.time.Duration;

/** 429 or 503: the server asked to come back later, possibly saying when. */
public class RetryLaterException extends FetchException {
    private final Duration retryAfter;

    public RetryLaterException(String message, Duration retryAfter) {
        super(retryAfter == null ? message : message + ", Retry-After " + retryAfter.toSeconds() + "s");
        this.retryAfter = retryAfter;
    }

    /** When the server asked to retry, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
