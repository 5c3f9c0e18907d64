-- The reviews store (IReviewStore) of the SQLite profile: one row per review, the review as a JSON document plus the
-- columns it is listed by, versioned so that a save based on a stale read is refused. Times are UTC ticks, so they
-- order as instants whatever offset they were written with; ids are Microsoft.Data.Sqlite's Guid blobs.
CREATE TABLE review_records
(
    review_id    BLOB    NOT NULL PRIMARY KEY,
    product_id   BLOB    NOT NULL,
    author_id    BLOB    NOT NULL,
    status       TEXT    NOT NULL,
    stars        INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    published_at INTEGER NULL,
    version      INTEGER NOT NULL,
    record       TEXT    NOT NULL
);

-- A product page lists its published reviews newest first or by stars.
CREATE INDEX ix_review_records_product_newest ON review_records (product_id, published_at DESC, review_id) WHERE status = 'Published';
CREATE INDEX ix_review_records_product_stars ON review_records (product_id, stars, published_at DESC) WHERE status = 'Published';

CREATE INDEX ix_review_records_author ON review_records (author_id, created_at DESC, review_id);

-- Operators work through the held queue, longest waiting first.
CREATE INDEX ix_review_records_status ON review_records (status, updated_at, review_id) WHERE status IN ('Pending', 'Held');
