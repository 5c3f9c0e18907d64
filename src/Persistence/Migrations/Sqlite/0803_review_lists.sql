-- Each author's reviews and the held queue in the SQLite profile: the table of the PostgreSQL migration 0803 (see
-- there), ids as Microsoft.Data.Sqlite's Guid blobs, times as UTC ticks.
CREATE TABLE review_lists
(
    review_id  BLOB    NOT NULL PRIMARY KEY,
    author_id  BLOB    NOT NULL,
    status     TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version    INTEGER NOT NULL,
    review     TEXT    NOT NULL
);

CREATE INDEX review_lists_by_author ON review_lists (author_id, created_at DESC, review_id DESC) WHERE status <> 'Removed';
CREATE INDEX review_lists_held ON review_lists (updated_at, review_id) WHERE status = 'Held';

DROP INDEX IF EXISTS ix_review_records_author;
DROP INDEX IF EXISTS ix_review_records_status;
