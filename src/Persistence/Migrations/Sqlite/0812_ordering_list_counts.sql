-- The order lists' row counts of the SQLite profile: the table of the PostgreSQL migration 0812 (see there).
CREATE TABLE ordering_list_counts
(
    list      TEXT    NOT NULL,
    owner_id  BLOB    NOT NULL,
    row_count INTEGER NOT NULL,
    PRIMARY KEY (list, owner_id)
);

INSERT INTO ordering_list_counts (list, owner_id, row_count)
SELECT 'Shopper', owner_id, count(*) FROM ordering_shopper_orders GROUP BY owner_id;
INSERT INTO ordering_list_counts (list, owner_id, row_count)
SELECT 'Seller', owner_id, count(*) FROM ordering_seller_orders GROUP BY owner_id;
