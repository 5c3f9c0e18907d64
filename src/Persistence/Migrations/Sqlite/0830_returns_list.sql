-- The return lists of the SQLite profile: the table and indexes of the PostgreSQL migration 0830 (see there), ids as
-- Microsoft.Data.Sqlite's Guid blobs, instants as UTC ticks.
CREATE TABLE returns_list
(
    id           BLOB    NOT NULL PRIMARY KEY,
    shopper_id   BLOB    NOT NULL,
    seller_id    BLOB    NOT NULL,
    requested_at INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    summary      TEXT    NOT NULL
);

CREATE INDEX returns_list_shopper ON returns_list (shopper_id, requested_at DESC, id DESC);
CREATE INDEX returns_list_seller ON returns_list (seller_id, requested_at DESC, id DESC);
