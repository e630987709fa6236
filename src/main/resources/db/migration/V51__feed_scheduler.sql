-- One scheduler per node claims due feeds in batches (issue 16): the claim needs, per row, whether the
-- feed is configured and enabled (active) and the interval that moves its next poll on.

-- False for a feed no longer in feeds.yaml (or disabled): its row keeps its history but is never claimed.
ALTER TABLE feed_state ADD COLUMN active BOOLEAN DEFAULT TRUE NOT NULL;
-- The feed's current interval in ms (its own, sped up while it overflows, slowed while WebSub pushes it).
ALTER TABLE feed_state ADD COLUMN poll_interval_ms BIGINT;
-- The claim reads the due feeds in next_attempt_at order and stops after a batch.
CREATE INDEX feed_state_due ON feed_state (next_attempt_at);

-- Periodic cluster-wide jobs (WebSub renewals, owner alerts, dedupe purge): each run is claimed by one
-- node with a conditional UPDATE that moves next_run_at one period on, as a feed's poll is.
CREATE TABLE cluster_job (
    name        VARCHAR(100) PRIMARY KEY,
    next_run_at TIMESTAMP,
    run_by      VARCHAR(200),
    run_at      TIMESTAMP
);
