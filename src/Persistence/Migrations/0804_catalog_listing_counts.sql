-- How many products each category lists (docs/catalog.md), kept by the listing store in the transaction that adds or
-- removes a category row, in up to 16 shard rows per category summed by the page (ListCounts, as ordering_list_counts):
-- a count(*) of a category's 100,000 products per page served a fifth of 100 pages/s (bench scale-1m). The existing
-- rows are counted into shard 0.
CREATE TABLE catalog_listing_counts
(
    list      text     NOT NULL,
    owner_id  text     NOT NULL,
    shard     smallint NOT NULL,
    row_count bigint   NOT NULL,
    PRIMARY KEY (list, owner_id, shard)
);

INSERT INTO catalog_listing_counts (list, owner_id, shard, row_count)
SELECT 'Category', category, 0, count(*) FROM catalog_category_listings GROUP BY category;
