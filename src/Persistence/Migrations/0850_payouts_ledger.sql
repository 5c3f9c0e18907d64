-- The seller ledger (docs/payouts.md): double entry, one entry per source event (its id is the entry's key, so a
-- redelivered event posts nothing twice), its legs summing to zero (debit positive, credit negative, minor units).
-- ledger_balances keeps each seller account's balance and leg count, written in the posting's transaction; its row
-- is the lock a posting takes, and the CHECK is the rule that a seller's payable never goes below zero (a debit
-- balance): what a refund takes beyond it is moved to seller_debt explicitly. posted_at is UTC ticks.
CREATE TABLE ledger_entries
(
    id        uuid   PRIMARY KEY,
    kind      text   NOT NULL,
    seller_id uuid   NOT NULL,
    reference uuid   NOT NULL,
    posted_at bigint NOT NULL
);

CREATE INDEX ledger_entries_reference ON ledger_entries (reference);

CREATE TABLE ledger_legs
(
    entry_id  uuid    NOT NULL REFERENCES ledger_entries (id),
    line      integer NOT NULL,
    account   text    NOT NULL,
    seller_id uuid    NOT NULL,
    kind      text    NOT NULL,
    amount    bigint  NOT NULL CHECK (amount <> 0),
    memo      text    NOT NULL,
    posted_at bigint  NOT NULL,
    PRIMARY KEY (entry_id, line)
);

CREATE INDEX ledger_legs_seller ON ledger_legs (seller_id, posted_at DESC, entry_id DESC, line DESC);

CREATE TABLE ledger_balances
(
    seller_id uuid   NOT NULL,
    account   text   NOT NULL,
    balance   bigint NOT NULL,
    legs      bigint NOT NULL,
    PRIMARY KEY (seller_id, account),
    CHECK ((account = 'seller_payable' AND balance <= 0) OR (account = 'seller_debt' AND balance >= 0))
);

CREATE INDEX ledger_balances_by_account ON ledger_balances (account, seller_id);
