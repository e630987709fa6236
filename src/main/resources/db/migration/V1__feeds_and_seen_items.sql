-- Polling state per feed: conditional GET validators and health, kept across restarts.
CREATE TABLE feed_state (
    feed_id          VARCHAR(200) PRIMARY KEY,
    etag             VARCHAR(1000),
    last_modified    VARCHAR(200),
    error_count      INTEGER      NOT NULL DEFAULT 0,
    last_error       VARCHAR(2000),
    last_error_at    TIMESTAMP,
    last_success_at  TIMESTAMP,
    next_attempt_at  TIMESTAMP,
    malformed_count  INTEGER      NOT NULL DEFAULT 0,
    items_total      BIGINT       NOT NULL DEFAULT 0
);

-- Items already delivered to the file sink (the foundation's seen-id store).
CREATE TABLE seen_item (
    uri          VARCHAR(2000) PRIMARY KEY,
    content_hash VARCHAR(64)   NOT NULL,
    version      INTEGER       NOT NULL DEFAULT 1,
    first_seen   TIMESTAMP     NOT NULL
);
