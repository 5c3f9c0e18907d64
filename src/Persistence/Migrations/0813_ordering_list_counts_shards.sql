-- Each owner's count of an order list in up to 16 rows (shards), summed when a page is read: with one row, every
-- insert of a busy seller's sub-orders waited for the previous one's transaction to commit to update it (44 ms per
-- update at 20 checkouts/s for one seller, bench checkout-one-seller), holding a pooled connection meanwhile. A row
-- counts in the shard of its id (SqlOrderListStore), its removal too; the existing counts become shard 0.
ALTER TABLE ordering_list_counts ADD COLUMN shard smallint NOT NULL DEFAULT 0;
ALTER TABLE ordering_list_counts DROP CONSTRAINT ordering_list_counts_pkey;
ALTER TABLE ordering_list_counts ADD PRIMARY KEY (list, owner_id, shard);
