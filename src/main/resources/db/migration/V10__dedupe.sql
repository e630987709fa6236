-- Dedupe state (issue 4). Replaces the foundation's seen_item table, dropped at the end: it was
-- keyed by uri only (no scope, no story) and no release ever shipped with it, so nothing is carried over.

-- One row per item id (level 1): key = sha256(scope + id), the last delivered version and content.
CREATE TABLE dedupe_item (
    item_key     VARCHAR(64)   PRIMARY KEY,
    scope        VARCHAR(200)  NOT NULL,
    uri          VARCHAR(2000) NOT NULL,
    content_hash VARCHAR(64)   NOT NULL,
    text_fp      VARCHAR(64),
    sketch       VARCHAR(600),
    language_tag VARCHAR(20),
    version      INTEGER       NOT NULL,
    pub_status   VARCHAR(20),
    story_id     VARCHAR(64)   NOT NULL,
    is_copy      BOOLEAN       NOT NULL,
    item_time    TIMESTAMP     NOT NULL,
    last_seen    TIMESTAMP     NOT NULL
);
-- Level 2: same text under another id.
CREATE INDEX dedupe_item_fp ON dedupe_item (text_fp);
-- Retention purge.
CREATE INDEX dedupe_item_seen ON dedupe_item (last_seen);

-- One row per story: its sources ("also reported by") in order of arrival.
CREATE TABLE dedupe_story (
    story_id   VARCHAR(64)   PRIMARY KEY,
    sources    VARCHAR(2000) NOT NULL,
    copies     INTEGER       NOT NULL,
    first_seen TIMESTAMP     NOT NULL,
    last_seen  TIMESTAMP     NOT NULL
);
CREATE INDEX dedupe_story_seen ON dedupe_story (last_seen);

-- Level 3 keeps each item's MinHash sketch in dedupe_item.sketch; the LSH index of the window is
-- built from it in memory (io.wirehub.dedupe.WindowIndex), so no band table is written per item.

-- Per feed: how often it re-sent the same text under a new guid; past a limit its ids are not trusted.
CREATE TABLE dedupe_feed (
    scope        VARCHAR(200) PRIMARY KEY,
    id_churn     INTEGER      NOT NULL,
    unstable_ids BOOLEAN      NOT NULL,
    updated_at   TIMESTAMP    NOT NULL
);

DROP TABLE seen_item;
