-- WebSub subscriptions of polled feeds whose hub pushes their content (one per feed).
-- Times are epoch milliseconds (UTC), the same on H2 and PostgreSQL.
CREATE TABLE websub_subscription (
    feed_id       VARCHAR(200)  PRIMARY KEY,
    hub_url       VARCHAR(2000) NOT NULL,
    topic         VARCHAR(2000) NOT NULL,
    secret        VARCHAR(200)  NOT NULL,
    state         VARCHAR(20)   NOT NULL,
    lease_seconds BIGINT,
    requested_at  BIGINT        NOT NULL,
    verified_at   BIGINT,
    expires_at    BIGINT,
    renewals      INTEGER       NOT NULL DEFAULT 0,
    last_error    VARCHAR(2000)
);
