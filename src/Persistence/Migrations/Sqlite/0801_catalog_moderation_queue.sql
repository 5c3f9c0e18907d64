-- The operators' queue of the SQLite profile: the table of the PostgreSQL migration 0801 (see there), ids as
-- Microsoft.Data.Sqlite's Guid blobs, queued as 0/1, since as UTC ticks.
CREATE TABLE catalog_moderation_queue
(
    product_id BLOB    NOT NULL PRIMARY KEY,
    version    INTEGER NOT NULL,
    queued     INTEGER NOT NULL,
    since      INTEGER NOT NULL,
    entry      TEXT    NULL
);

CREATE INDEX catalog_moderation_queue_waiting ON catalog_moderation_queue (since, product_id) WHERE queued;
