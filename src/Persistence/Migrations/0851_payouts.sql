-- Payout runs and payouts as lists for operators and sellers (docs/payouts.md): one row per run and per payout with
-- the aggregate's version (an older or the same version changes nothing) and its view as JSON; newest first, times in
-- UTC ticks. failing: refused, or still sending after failed attempts.
CREATE TABLE payout_runs
(
    id         uuid   PRIMARY KEY,
    started_at bigint NOT NULL,
    version    bigint NOT NULL,
    summary    text   NOT NULL
);

CREATE INDEX payout_runs_newest ON payout_runs (started_at DESC, id DESC);

CREATE TABLE payouts
(
    id         uuid    PRIMARY KEY,
    run_id     uuid    NOT NULL,
    seller_id  uuid    NOT NULL,
    status     text    NOT NULL,
    failing    integer NOT NULL,
    amount     bigint  NOT NULL,
    created_at bigint  NOT NULL,
    version    bigint  NOT NULL,
    summary    text    NOT NULL
);

CREATE INDEX payouts_newest ON payouts (created_at DESC, id DESC);
CREATE INDEX payouts_by_run ON payouts (run_id, created_at DESC, id DESC);
CREATE INDEX payouts_by_seller ON payouts (seller_id, created_at DESC, id DESC);
CREATE INDEX payouts_by_status ON payouts (status, created_at DESC, id DESC);
CREATE INDEX payouts_failing ON payouts (failing, created_at DESC, id DESC);
