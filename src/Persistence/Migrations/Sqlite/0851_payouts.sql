-- Payout runs and payouts of the SQLite profile: the tables of the PostgreSQL migration 0851 (see there).
CREATE TABLE payout_runs
(
    id         BLOB    PRIMARY KEY,
    started_at INTEGER NOT NULL,
    version    INTEGER NOT NULL,
    summary    TEXT    NOT NULL
);

CREATE INDEX payout_runs_newest ON payout_runs (started_at DESC, id DESC);

CREATE TABLE payouts
(
    id         BLOB    PRIMARY KEY,
    run_id     BLOB    NOT NULL,
    seller_id  BLOB    NOT NULL,
    status     TEXT    NOT NULL,
    failing    INTEGER NOT NULL,
    amount     INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    version    INTEGER NOT NULL,
    summary    TEXT    NOT NULL
);

CREATE INDEX payouts_newest ON payouts (created_at DESC, id DESC);
CREATE INDEX payouts_by_run ON payouts (run_id, created_at DESC, id DESC);
CREATE INDEX payouts_by_seller ON payouts (seller_id, created_at DESC, id DESC);
CREATE INDEX payouts_by_status ON payouts (status, created_at DESC, id DESC);
CREATE INDEX payouts_failing ON payouts (failing, created_at DESC, id DESC);
