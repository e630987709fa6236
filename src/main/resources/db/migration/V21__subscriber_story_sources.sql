-- Which sources of a story each subscriber with a preferred source order has been sent, so a later
-- copy goes out only when it comes from a better-ranked source (AFP before VNA before CVN).
CREATE TABLE subscriber_story (
    subscriber_id VARCHAR(200) NOT NULL,
    story_id      VARCHAR(300) NOT NULL,
    source        VARCHAR(200) NOT NULL,
    first_at      TIMESTAMP    NOT NULL,
    PRIMARY KEY (subscriber_id, story_id, source)
);
