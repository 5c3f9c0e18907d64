-- The purchase history of the SQLite profile: the table of the PostgreSQL migration 0811 (see there), ids as
-- Microsoft.Data.Sqlite's Guid blobs, instants as UTC ticks.
CREATE TABLE ordering_purchases
(
    order_id        BLOB    NOT NULL,
    product_id      BLOB    NOT NULL,
    seller_order_id BLOB    NOT NULL,
    shopper_id      BLOB    NOT NULL,
    seller_id       BLOB    NOT NULL,
    title           TEXT    NOT NULL,
    quantity        INTEGER NOT NULL,
    status          TEXT    NOT NULL,
    paid_at         INTEGER NOT NULL,
    received_at     INTEGER,
    version         INTEGER NOT NULL,
    PRIMARY KEY (order_id, product_id)
);

CREATE INDEX ordering_purchases_newest ON ordering_purchases (shopper_id, paid_at DESC, order_id DESC, product_id DESC);
CREATE INDEX ordering_purchases_product ON ordering_purchases (shopper_id, product_id);
CREATE INDEX ordering_purchases_sub_order ON ordering_purchases (seller_order_id);
