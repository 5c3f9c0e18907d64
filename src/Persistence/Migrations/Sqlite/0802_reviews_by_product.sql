-- Each product's published reviews in the SQLite profile: the table of the PostgreSQL migration 0802 (see there), ids
-- as Microsoft.Data.Sqlite's Guid blobs, listed as 0/1, published_at as UTC ticks.
CREATE TABLE reviews_by_product
(
    review_id    BLOB    NOT NULL PRIMARY KEY,
    product_id   BLOB    NOT NULL,
    version      INTEGER NOT NULL,
    listed       INTEGER NOT NULL,
    stars        INTEGER NOT NULL,
    published_at INTEGER NOT NULL,
    review       TEXT    NULL
);

CREATE INDEX reviews_by_product_newest ON reviews_by_product (product_id, published_at DESC, review_id DESC) WHERE listed;
CREATE INDEX reviews_by_product_stars ON reviews_by_product (product_id, stars, published_at DESC, review_id DESC) WHERE listed;

DROP INDEX IF EXISTS ix_review_records_product_newest;
DROP INDEX IF EXISTS ix_review_records_product_stars;
