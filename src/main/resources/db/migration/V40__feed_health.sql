-- Feed health beyond errors (issue 13): missed-item detection, usual gap, recent items, alerts.
-- One ALTER per column: the form H2 and PostgreSQL both accept.
-- Hashes of the items of the previous poll (hex, comma-separated), to see whether the next poll overlaps.
ALTER TABLE feed_state ADD COLUMN last_items VARCHAR(20000);
-- The last poll found none of the previous poll's items: items were probably pushed out between polls.
ALTER TABLE feed_state ADD COLUMN overflowing BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE feed_state ADD COLUMN overflow_count INTEGER DEFAULT 0 NOT NULL;
-- The feed's interval is divided by this (1, 2, 4...) while it overflows, down to a floor.
ALTER TABLE feed_state ADD COLUMN speedup INTEGER DEFAULT 1 NOT NULL;
-- Usual time between new items (ms, moving average) and when the last new item came.
ALTER TABLE feed_state ADD COLUMN usual_gap_ms BIGINT;
ALTER TABLE feed_state ADD COLUMN last_new_item_at TIMESTAMP;
-- New items per hour over the last day: "<epoch hour>:<count>" comma-separated.
ALTER TABLE feed_state ADD COLUMN recent_items VARCHAR(1000);
-- The last document was only readable leniently (malformed XML).
ALTER TABLE feed_state ADD COLUMN lenient BOOLEAN DEFAULT FALSE NOT NULL;
-- Since when the feed fails without a success in between.
ALTER TABLE feed_state ADD COLUMN failing_since TIMESTAMP;
-- The last alert sent to the feed's owner (failing, silent, overflowing, recovered) and when.
ALTER TABLE feed_state ADD COLUMN alerted VARCHAR(20);
ALTER TABLE feed_state ADD COLUMN alerted_at TIMESTAMP;
