-- The order lists of the SQLite profile: the tables of the PostgreSQL migration 0810 (see there), ids as
-- Microsoft.Data.Sqlite's Guid blobs, instants as UTC ticks.
CREATE TABLE ordering_shopper_orders
(
    id        BLOB    NOT NULL PRIMARY KEY,
    owner_id  BLOB    NOT NULL,
    version   INTEGER NOT NULL,
    placed_at INTEGER NOT NULL,
    summary   TEXT    NOT NULL
);

CREATE INDEX ordering_shopper_orders_newest ON ordering_shopper_orders (owner_id, placed_at DESC, id DESC);

CREATE TABLE ordering_seller_orders
(
    id        BLOB    NOT NULL PRIMARY KEY,
    owner_id  BLOB    NOT NULL,
    version   INTEGER NOT NULL,
    placed_at INTEGER NOT NULL,
    summary   TEXT    NOT NULL
);

CREATE INDEX ordering_seller_orders_newest ON ordering_seller_orders (owner_id, placed_at DESC, id DESC);
