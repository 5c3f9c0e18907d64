-- The reviews store (IReviewStore): one row per review (one per shopper and product), the review as a jsonb
-- document plus the columns it is listed by, versioned so that a save based on a stale read is refused.
CREATE TABLE review_records
(
    review_id    uuid        PRIMARY KEY,
    product_id   uuid        NOT NULL,
    author_id    uuid        NOT NULL,
    status       text        NOT NULL,
    stars        smallint    NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    published_at timestamptz,
    version      bigint      NOT NULL,
    record       jsonb       NOT NULL
);

-- A product page lists its published reviews newest first or by stars.
CREATE INDEX ix_review_records_product_newest ON review_records (product_id, published_at DESC, review_id) WHERE status = 'Published';
CREATE INDEX ix_review_records_product_stars ON review_records (product_id, stars, published_at DESC) WHERE status = 'Published';

CREATE INDEX ix_review_records_author ON review_records (author_id, created_at DESC, review_id);

-- Operators work through the held queue, longest waiting first.
CREATE INDEX ix_review_records_status ON review_records (status, updated_at, review_id) WHERE status IN ('Pending', 'Held');
