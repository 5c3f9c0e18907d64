-- Each author's reviews and the operators' queue of held reviews (docs/reviews.md), a read model fed from the reviews
-- stream: one row per review, the review's view as JSON at the review's version, so a write from an older or the same
-- version changes nothing. created_at and updated_at are UTC ticks. The reviews store's own indexes for these lists
-- are no longer read. Reviews stored before this migration get their rows from one rebuild of read model review-lists
-- (POST /operator/read-models/review-lists/rebuild, docs/reviews.md).
CREATE TABLE review_lists
(
    review_id  uuid   PRIMARY KEY,
    author_id  uuid   NOT NULL,
    status     text   NOT NULL,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    version    bigint NOT NULL,
    review     text   NOT NULL
);

CREATE INDEX review_lists_by_author ON review_lists (author_id, created_at DESC, review_id DESC) WHERE status <> 'Removed';
CREATE INDEX review_lists_held ON review_lists (updated_at, review_id) WHERE status = 'Held';

DROP INDEX IF EXISTS ix_review_records_author;
DROP INDEX IF EXISTS ix_review_records_status;
