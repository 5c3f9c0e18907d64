-- The shoppers' purchase counts of the SQLite profile, as the PostgreSQL migration 0814 (see there).
INSERT INTO ordering_list_counts (list, owner_id, shard, row_count)
SELECT 'Purchases', shopper_id, 0, count(*) FROM ordering_purchases WHERE status <> 'Withdrawn' GROUP BY shopper_id;
