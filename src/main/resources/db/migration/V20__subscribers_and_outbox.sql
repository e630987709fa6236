-- Subscribers (from config/subscribers.yaml and the REST API): the spec is the validated JSON
-- document the API accepts, so adding a filter kind needs no schema change.
CREATE TABLE subscriber (
    id              VARCHAR(100)   PRIMARY KEY,
    spec            VARCHAR(200000) NOT NULL,
    origin          VARCHAR(10)    NOT NULL,
    enabled         BOOLEAN        NOT NULL DEFAULT TRUE,
    disabled_reason VARCHAR(2000),
    updated_at      TIMESTAMP      NOT NULL
);

-- One row per emitted event: the envelope JSON is stored once, however many subscribers get it.
CREATE TABLE delivery_event (
    id          VARCHAR(64)     PRIMARY KEY,
    event       VARCHAR(40)     NOT NULL,
    item_uri    VARCHAR(2000)   NOT NULL,
    body        VARCHAR(2000000) NOT NULL,
    created_at  TIMESTAMP       NOT NULL
);

-- The outbox: one row per (subscriber, channel, event), written in the same transaction as the
-- dedupe state. The id is the webhook-id and never changes across retries. A worker leases a row
-- by moving next_attempt_at forward, so a crashed worker's rows come back by themselves.
CREATE TABLE delivery (
    id              VARCHAR(64)   PRIMARY KEY,
    subscriber_id   VARCHAR(100)  NOT NULL,
    channel         INTEGER       NOT NULL,
    event_id        VARCHAR(64)   NOT NULL,
    status          VARCHAR(12)   NOT NULL,
    attempts        INTEGER       NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP     NOT NULL,
    last_error      VARCHAR(2000),
    created_at      TIMESTAMP     NOT NULL,
    delivered_at    TIMESTAMP
);
CREATE INDEX delivery_due ON delivery (status, next_attempt_at);
CREATE INDEX delivery_subscriber ON delivery (subscriber_id, status, created_at);
CREATE INDEX delivery_event_ref ON delivery (event_id);
