-- The payments store (IPaymentRecordStore) of the SQLite profile: one row per payment, the whole ledger as a JSON
-- document, versioned so that a save based on a stale read is refused. Ids are Microsoft.Data.Sqlite's Guid blobs.
CREATE TABLE payment_records
(
    payment_id BLOB    NOT NULL PRIMARY KEY,
    order_id   BLOB    NOT NULL,
    status     TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    record     TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);

CREATE INDEX ix_payment_records_order ON payment_records (order_id);

-- Operators look for payments still waiting on the processor.
CREATE INDEX ix_payment_records_pending ON payment_records (updated_at) WHERE status = 'Pending';
