-- The order lists' counts in shards, as the PostgreSQL migration 0813 (see there); SQLite cannot change a primary key in place.
CREATE TABLE ordering_list_counts_sharded
(
    list      TEXT    NOT NULL,
    owner_id  BLOB    NOT NULL,
    shard     INTEGER NOT NULL,
    row_count INTEGER NOT NULL,
    PRIMARY KEY (list, owner_id, shard)
);

INSERT INTO ordering_list_counts_sharded (list, owner_id, shard, row_count)
SELECT list, owner_id, 0, row_count FROM ordering_list_counts;
DROP TABLE ordering_list_counts;
ALTER TABLE ordering_list_counts_sharded RENAME TO ordering_list_counts;
