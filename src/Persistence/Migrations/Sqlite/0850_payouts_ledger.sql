-- The seller ledger of the SQLite profile: the tables of the PostgreSQL migration 0850 (see there).
CREATE TABLE ledger_entries
(
    id        BLOB    PRIMARY KEY,
    kind      TEXT    NOT NULL,
    seller_id BLOB    NOT NULL,
    reference BLOB    NOT NULL,
    posted_at INTEGER NOT NULL
);

CREATE INDEX ledger_entries_reference ON ledger_entries (reference);

CREATE TABLE ledger_legs
(
    entry_id  BLOB    NOT NULL REFERENCES ledger_entries (id),
    line      INTEGER NOT NULL,
    account   TEXT    NOT NULL,
    seller_id BLOB    NOT NULL,
    kind      TEXT    NOT NULL,
    amount    INTEGER NOT NULL CHECK (amount <> 0),
    memo      TEXT    NOT NULL,
    posted_at INTEGER NOT NULL,
    PRIMARY KEY (entry_id, line)
);

CREATE INDEX ledger_legs_seller ON ledger_legs (seller_id, posted_at DESC, entry_id DESC, line DESC);

CREATE TABLE ledger_balances
(
    seller_id BLOB    NOT NULL,
    account   TEXT    NOT NULL,
    balance   INTEGER NOT NULL,
    legs      INTEGER NOT NULL,
    PRIMARY KEY (seller_id, account),
    CHECK ((account = 'seller_payable' AND balance <= 0) OR (account = 'seller_debt' AND balance >= 0))
);

CREATE INDEX ledger_balances_by_account ON ledger_balances (account, seller_id);
