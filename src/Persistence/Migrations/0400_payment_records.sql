-- The payments store (IPaymentRecordStore): one row per payment, the whole ledger as a jsonb document,
-- versioned so that a save based on a stale read is refused.
CREATE TABLE payment_records
(
    payment_id uuid        PRIMARY KEY,
    order_id   uuid        NOT NULL,
    status     text        NOT NULL,
    version    bigint      NOT NULL,
    record     jsonb       NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE INDEX ix_payment_records_order ON payment_records (order_id);

-- Operators look for payments still waiting on the processor.
CREATE INDEX ix_payment_records_pending ON payment_records (updated_at) WHERE status = 'Pending';
