-- The categories' product counts of the SQLite profile: the table of the PostgreSQL migration 0804 (see there).
CREATE TABLE catalog_listing_counts
(
    list      TEXT    NOT NULL,
    owner_id  TEXT    NOT NULL,
    shard     INTEGER NOT NULL,
    row_count INTEGER NOT NULL,
    PRIMARY KEY (list, owner_id, shard)
);

INSERT INTO catalog_listing_counts (list, owner_id, shard, row_count)
SELECT 'Category', category, 0, count(*) FROM catalog_category_listings GROUP BY category;
