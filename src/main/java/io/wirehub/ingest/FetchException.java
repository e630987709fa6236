package io.wirehub.ingest;

/** A fetch that failed for a reason the operator should read as is (status, cap, redirect). */
public class FetchException extends RuntimeException {
    public FetchException(String message) {
        super(message);
    }
}
