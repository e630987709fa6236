-- Cluster mode (issue 16): several nodes on one database.

-- A feed's poll is claimed by one node: the claim moves next_attempt_at one interval on and holds the
-- feed until lease_until, so no other node fetches it meanwhile, and a dead node's feed is polled again
-- by another once both times have passed. leased_by names the node (logs, the API).
ALTER TABLE feed_state ADD COLUMN leased_by VARCHAR(200);
ALTER TABLE feed_state ADD COLUMN lease_until TIMESTAMP;

-- Change counters: a writer bumps its counter in the transaction of the change (the row lock orders the
-- writers, so versions commit in order) and every node polls it to pick up changes made elsewhere.
CREATE TABLE change_counter (
    name    VARCHAR(50) PRIMARY KEY,
    version BIGINT      NOT NULL
);
INSERT INTO change_counter (name, version) VALUES ('subscriber', 1);

-- The counter's value when the subscriber last changed: a node re-reads only the rows above its version.
ALTER TABLE subscriber ADD COLUMN version BIGINT DEFAULT 1 NOT NULL;
CREATE INDEX subscriber_version ON subscriber (version);
