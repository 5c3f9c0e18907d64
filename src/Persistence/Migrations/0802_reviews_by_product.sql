-- Each product's published reviews (docs/reviews.md), a read model fed from the reviews stream: one row per review
-- with the review's version it was written from, so a write from an older or the same version changes nothing; a
-- review that is no longer published keeps its row (listed = false, no review) so a late event cannot list it again.
-- published_at is UTC ticks. The reviews store's own indexes for this list are no longer read.
CREATE TABLE reviews_by_product
(
    review_id    uuid     PRIMARY KEY,
    product_id   uuid     NOT NULL,
    version      bigint   NOT NULL,
    listed       boolean  NOT NULL,
    stars        smallint NOT NULL,
    published_at bigint   NOT NULL,
    review       text
);

CREATE INDEX reviews_by_product_newest ON reviews_by_product (product_id, published_at DESC, review_id DESC) WHERE listed;
CREATE INDEX reviews_by_product_stars ON reviews_by_product (product_id, stars, published_at DESC, review_id DESC) WHERE listed;

DROP INDEX IF EXISTS ix_review_records_product_newest;
DROP INDEX IF EXISTS ix_review_records_product_stars;
